/**
 * The launcher: {@code bin/sluice}'s entry point {@link io.sluice.deploy.SluiceMain}, the agent,
 * {@code validate}, {@code avro-client} and the ZooKeeper commands ({@code topology},
 * {@code members}, {@code config}, with {@code status}/{@code top} in
 * {@link io.sluice.deploy.status}). It runs from the distribution's {@code lib/} alone: the tools
 * ({@code quickstart}, {@code drill}) are reached only through {@code ToolLauncher}.
 */
package io.sluice.deploy;
