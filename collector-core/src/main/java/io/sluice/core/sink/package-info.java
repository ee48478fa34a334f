/**
 * Built-in sinks ({@code null}, {@code logger}, {@code file_roll}) and {@link
 * io.sluice.core.sink.BatchSink}, the one-transaction-per-step skeleton they share.
 */
package io.sluice.core.sink;
