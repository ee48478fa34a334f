package io.sluice.flumecompat;

/**
 * A resolver's {@link FlumeRuntime}, made on first use with the resolver's settings (or the system
 * properties'), so an agent that names no Flume class never opens Flume's jars. Thread-safe.
 */
final class LazyFlumeRuntime {
  private final FlumeCompatSettings configured;
  private FlumeRuntime runtime; // guarded by this

  /** @param settings null for settings from the system properties, read on first use */
  LazyFlumeRuntime(FlumeCompatSettings settings) {
    this.configured = settings;
  }

  synchronized FlumeRuntime get(ClassLoader classLoader) {
    if (runtime == null) {
      runtime = new FlumeRuntime(
          configured != null ? configured : FlumeCompatSettings.fromSystemProperties(), classLoader);
    }
    return runtime;
  }
}
