package io.sluice.api.spi;

import io.sluice.api.Lifecycle;

/**
 * Makes member discovery for a sink group declared with {@code <agent>.sinkgroups.<g>.discovery =
 * <type>}; its keys are the group's {@code discovery.*} keys. The discovery tells the runtime which
 * members the group should have; the runtime builds, starts, adds and removes the member sinks.
 */
public interface DiscoveryFactory<C> extends ComponentFactory<C> {

  @Override
  default ComponentKind kind() {
    return ComponentKind.DISCOVERY;
  }

  /** Makes the discovery; {@link Lifecycle#start()} begins watching, {@code stop()} ends it. */
  Lifecycle create(C config, DiscoveryContext context) throws Exception;
}
