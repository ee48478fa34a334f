package io.sluice.core.channel.file;

import java.io.IOException;

/**
 * How the log makes a segment's writes durable. The channel always forces the file; tests pass a
 * sync that fails the way a disk does (EIO once, then success) to prove the log never trusts a
 * later sync after a failed one.
 */
@FunctionalInterface
interface SegmentSync {
  SegmentSync FORCE = LogSegment::force;

  void force(LogSegment segment) throws IOException;
}
