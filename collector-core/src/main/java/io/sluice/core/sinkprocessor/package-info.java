/**
 * Sink processors ({@code default}, {@code failover}, {@code load_balance}) and the small strategy
 * objects they are made of: {@link io.sluice.core.sinkprocessor.SinkMembers},
 * {@link io.sluice.core.sinkprocessor.PenaltyBox} and {@link io.sluice.core.sinkprocessor.SinkOrder}.
 */
package io.sluice.core.sinkprocessor;
