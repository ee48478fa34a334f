package io.sluice.core.metrics;

/**
 * One stream's window as a {@code sequenceCheck} holds it, for {@code /sequence}: which numbers of
 * {@code <origin>:<epoch>} it received from {@code from} to {@code highest}. Immutable by
 * convention (the array is not copied).
 *
 * @param stream {@code <origin>:<epoch>}
 * @param from the lowest number the window covers; below it, what arrived is no longer known
 * @param highest the highest number received
 * @param duplicates arrivals of a number already received, within the window, since first seen
 * @param late arrivals older than the window, since first seen
 * @param runs received numbers as {@code [first, last, first, last, ...]}; null when left out to
 *     bound the answer's size
 */
public record SequenceStreamWindow(String stream, long from, long highest, long duplicates,
    long late, long[] runs) {}
