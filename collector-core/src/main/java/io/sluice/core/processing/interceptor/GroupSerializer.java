package io.sluice.core.processing.interceptor;

/**
 * Turns a regex capture group into a header value. Implementations are immutable and thread-safe;
 * they throw an unchecked exception when the group cannot be converted.
 */
@FunctionalInterface
public interface GroupSerializer {

  String serialize(String group);

  /** Flume's default: the group as it is. */
  GroupSerializer PASS_THROUGH = group -> group;
}
