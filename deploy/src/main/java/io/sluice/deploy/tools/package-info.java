/**
 * The tools' side of the launcher/tools split: {@link io.sluice.deploy.tools.LocalClusterTools},
 * the one entry point the launcher ({@link io.sluice.deploy.SluiceMain}) loads by name for
 * {@code quickstart}, {@code drill} and {@code cluster-host}. The tools ({@code quickstart},
 * {@code drill}) may use the launcher's packages; the launcher never uses theirs, and only they use
 * the jars of {@code tools/lib/} (ArchitectureTest).
 */
package io.sluice.deploy.tools;
