package io.sluice.core.sinkprocessor;

/** The {@code default} processor has no settings of its own. */
public record DefaultSinkProcessorConfig() {}
