package io.sluice.coordination;

/**
 * Told when a discovered sink group's route or members change; this is where an edge's sink group
 * rebuilds its Avro sinks through its runtime membership API. Called on the discovery's single
 * thread, one call at a time, only with a group that differs from the last one this listener heard.
 * A listener that throws is logged and still called for the next change.
 */
@FunctionalInterface
public interface DiscoveredGroupListener {
  void onGroupChanged(DiscoveredGroup group);
}
