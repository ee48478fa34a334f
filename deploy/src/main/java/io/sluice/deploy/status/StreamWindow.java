package io.sluice.deploy.status;

/**
 * One aggregator's window of one stream, as its {@code /sequence} shows it. Immutable by
 * convention (the array is not copied).
 *
 * @param agent the aggregator
 * @param stream {@code <origin>:<epoch>}
 * @param from the lowest number the window covers
 * @param highest the highest number it received
 * @param duplicates arrivals of a number it had already received (within its window)
 * @param runs received numbers, {@code [first, last, ...]}; null when the answer left them out
 */
public record StreamWindow(String agent, String stream, long from, long highest,
    long duplicates, long[] runs) {}
