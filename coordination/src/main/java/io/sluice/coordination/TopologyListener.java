package io.sluice.coordination;

/**
 * Told when a new valid topology is in force. Called on the watcher's own thread, one call at a
 * time, never twice for the same document. A listener that throws is logged and still called next
 * time.
 */
@FunctionalInterface
public interface TopologyListener {
  void onTopologyChanged(Topology topology);
}
