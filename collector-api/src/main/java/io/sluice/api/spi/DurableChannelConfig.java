package io.sluice.api.spi;

import java.util.Set;

/**
 * The config of a channel whose events live outside the process (directories, a topic). A new
 * instance on the same storage finds the events there by itself, so a reload stops the old
 * instance first instead of moving its events over (which the new one could not start beside, or
 * would receive twice).
 */
public interface DurableChannelConfig {

  /**
   * Where the events are kept, one name per location (absolute directory paths, a topic and its
   * cluster); two configs that share a name use the same storage.
   */
  Set<String> storageLocations();
}
