package io.sluice.api.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One discovered member of a sink group: the keys that pick and address its sink (as in {@code
 * <agent>.sinks.<name>.*}: {@code type}, {@code hostname}, {@code port}, ...), laid over the group's
 * {@code sink.*} template, and typed settings applied to the config those keys build. Immutable.
 *
 * @param keys the member's own sink keys
 * @param settings typed settings over the built config, empty when the keys say everything
 */
public record MemberSink(Map<String, String> keys, Optional<SinkSettings<?>> settings) {

  public MemberSink {
    keys = Map.copyOf(keys);
    Objects.requireNonNull(settings, "settings");
  }

  /** A member described by its keys alone. */
  public static MemberSink of(Map<String, String> keys) {
    return new MemberSink(keys, Optional.empty());
  }

  /** A member with typed settings over what its keys build. */
  public static MemberSink of(Map<String, String> keys, SinkSettings<?> settings) {
    return new MemberSink(keys, Optional.of(settings));
  }
}
