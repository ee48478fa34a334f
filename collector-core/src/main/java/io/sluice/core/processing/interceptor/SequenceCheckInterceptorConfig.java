package io.sluice.core.processing.interceptor;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Config of the {@code sequenceCheck} interceptor.
 *
 * @param window numbers remembered per stream below its highest (a multiple of 64)
 * @param maxStreams streams ({@code <origin>:<epoch>}) tracked at once
 * @param countGaps whether this agent receives every event of each stream, so that a number it
 *     never saw is lost (one receiver, or a failover group); false behind load balancing
 * @param stateDir where the windows are kept across restarts and kills ({@link SequenceJournal});
 *     empty: in memory only
 */
public record SequenceCheckInterceptorConfig(String headerName, int window, int maxStreams,
    boolean countGaps, Optional<Path> stateDir) {}
