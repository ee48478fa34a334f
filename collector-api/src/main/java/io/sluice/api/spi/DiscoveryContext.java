package io.sluice.api.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a member discovery reports to: the group it feeds. Thread-safe. */
public interface DiscoveryContext extends ComponentContext {

  /** The sink group this discovery feeds. */
  String groupName();

  /**
   * Replaces the group's membership with {@code members}: member name to its sink, in order of
   * preference. The group's {@code sink.*} template keys are applied under each member's keys, the
   * member's typed settings over the config they build, and its channel is set by the runtime.
   * Members are added and removed without losing or stranding events. Returns at once; the change
   * is applied in the background, in the order reported.
   */
  void membersChanged(LinkedHashMap<String, MemberSink> members);

  /**
   * Replaces the group's sink processor, e.g. when the topology switches a group from failover to
   * load balancing: {@code processorKeys} are the keys under {@code processor.}, including
   * {@code type}. The members stay; batches in flight finish first. Applied in the background, in
   * order with membership changes. A discovery that never calls this leaves the processor of the
   * agent's config in place.
   */
  void processorChanged(Map<String, String> processorKeys);
}
