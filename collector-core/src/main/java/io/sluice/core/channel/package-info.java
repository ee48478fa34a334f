/**
 * Channel building blocks shared by every Sluice channel: the transaction state machine, the
 * per-thread transaction binding and the Flume-named channel counters.
 */
package io.sluice.core.channel;
