package io.sluice.core.sinkprocessor;

import io.sluice.core.sinkprocessor.SinkMembers.Member;
import java.util.List;

/**
 * The order in which a load-balancing processor tries its available sinks for one batch.
 * Implementations may keep state across calls (round-robin's cursor) and are used by one thread.
 */
public interface SinkOrder {

  /** The sinks to try, first choice first; {@code available} is in listing order. */
  List<Member> order(List<Member> available);
}
