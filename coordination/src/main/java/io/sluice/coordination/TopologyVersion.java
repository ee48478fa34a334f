package io.sluice.coordination;

import java.time.Instant;

/** One entry of the topology history: its version and when it was written. Immutable. */
public record TopologyVersion(long version, Instant written) {}
