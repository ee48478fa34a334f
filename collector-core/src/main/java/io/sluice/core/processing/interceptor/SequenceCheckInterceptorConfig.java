package io.sluice.core.processing.interceptor;

/**
 * Config of the {@code sequenceCheck} interceptor.
 *
 * @param window numbers remembered per stream below its highest (a multiple of 64)
 * @param maxStreams streams ({@code <origin>:<epoch>}) tracked at once
 * @param countGaps whether this agent receives every event of each stream, so that a number it
 *     never saw is lost (one receiver, or a failover group); false behind load balancing
 */
public record SequenceCheckInterceptorConfig(String headerName, int window, int maxStreams,
    boolean countGaps) {}
