package io.sluice.core.agent;

import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.DiscoveryContext;
import io.sluice.api.spi.MemberSink;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/** The context a member discovery reports to: its group's identity and where changes go. */
final class GroupDiscoveryContext implements DiscoveryContext {
  private final ComponentContext base;
  private final String group;
  private final Consumer<LinkedHashMap<String, MemberSink>> changes;
  private final Consumer<Map<String, String>> processorChanges;

  GroupDiscoveryContext(ComponentContext base, String group,
      Consumer<LinkedHashMap<String, MemberSink>> changes,
      Consumer<Map<String, String>> processorChanges) {
    this.base = base;
    this.group = group;
    this.changes = changes;
    this.processorChanges = processorChanges;
  }

  @Override
  public void processorChanged(Map<String, String> processorKeys) {
    processorChanges.accept(Map.copyOf(processorKeys));
  }

  @Override
  public String groupName() {
    return group;
  }

  @Override
  public void membersChanged(LinkedHashMap<String, MemberSink> members) {
    changes.accept(new LinkedHashMap<>(members));
  }

  @Override
  public String agentName() {
    return base.agentName();
  }

  @Override
  public String componentName() {
    return base.componentName();
  }

  @Override
  public ThreadFactory threadFactory(String role) {
    return base.threadFactory(role);
  }

  @Override
  public Clock clock() {
    return base.clock();
  }

  @Override
  public ComponentMetrics metrics() {
    return base.metrics();
  }
}
