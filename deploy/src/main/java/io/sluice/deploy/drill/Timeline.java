package io.sluice.deploy.drill;

/**
 * When things happened in a drill, in epoch milliseconds; -1 for what did not happen.
 *
 * @param start the load began
 * @param end the load window ended (events generated later are counted, not timed)
 * @param faultAt the fault was injected
 * @param restoredAt it was undone
 * @param detectedAt the drill first saw it (see {@link FaultWatch}); {@link Timing#NOT_APPLICABLE}
 *     when it cannot see this fault
 */
record Timeline(long start, long end, long faultAt, long restoredAt, long detectedAt) {}
