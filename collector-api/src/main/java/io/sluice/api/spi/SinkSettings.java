package io.sluice.api.spi;

/**
 * Typed settings a member discovery lays over the config a member's sink keys built, e.g. the
 * batch size and timeouts of a route in ZooKeeper. Applied to the typed config, never turned back
 * into keys, so what the discovery holds is what the sink runs with. Implementations are values
 * (equal when their settings are), so a report that changes nothing restarts nothing. Immutable.
 *
 * @param <C> the sink config type the settings apply to
 */
public interface SinkSettings<C> {

  /** The config type these settings apply to; a member whose keys build another type is refused. */
  Class<C> configType();

  /** {@code config} with these settings in place of its own. */
  C applyTo(C config);
}
