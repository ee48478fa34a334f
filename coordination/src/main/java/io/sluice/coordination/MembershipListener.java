package io.sluice.coordination;

import java.util.List;

/**
 * Told when a tier's live membership changes. Called on the watcher's own thread, one call at a
 * time, never twice in a row with equal lists; the list is immutable and sorted by member id. A
 * listener that throws is logged and still called for the next change.
 */
@FunctionalInterface
public interface MembershipListener {
  void onMembersChanged(List<Member> members);
}
