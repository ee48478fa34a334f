package io.sluice.core.processing.interceptor;

import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.InterceptorFactory;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Factory of the {@code sequenceCheck} interceptor, Sluice's own (Flume has none): the receiving
 * half of the conservation headers. Stateless.
 */
public final class SequenceCheckInterceptorFactory
    implements InterceptorFactory<SequenceCheckInterceptorConfig> {
  public static final ConfigKey<String> HEADER_NAME = ConfigKey.string("headerName")
      .defaultValue("sluice.seq").check(s -> !s.isEmpty(), "a header name")
      .doc("Header the sequence interceptor wrote");
  public static final ConfigKey<Integer> WINDOW = ConfigKey.integer("window").defaultValue(65_536)
      .between(64, 1 << 24).check(w -> w % 64 == 0, "a multiple of 64")
      .doc("Numbers remembered per stream below its highest (1 bit each); older arrivals are late");
  public static final ConfigKey<Integer> MAX_STREAMS = ConfigKey.integer("maxStreams")
      .defaultValue(10_000).between(1, 1_000_000)
      .doc("Streams (origin and epoch) tracked at once; the least recently seen is dropped");
  public static final ConfigKey<Boolean> COUNT_GAPS = ConfigKey.bool("countGaps")
      .defaultValue(false).doc("Count numbers never seen as gaps: only where this agent receives"
          + " every event of its origins (one aggregator, or a failover group), never behind load"
          + " balancing");
  public static final ConfigKey<String> STATE_DIR = ConfigKey.string("stateDir").defaultValue("")
      .doc("Directory where the windows are kept across restarts and kills (a snapshot and a"
          + " journal, one per interceptor); empty: in memory only, lost when the agent stops");

  @Override
  public String type() {
    return "sequenceCheck";
  }

  @Override
  public Class<?> componentClass() {
    return SequenceCheckInterceptor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(HEADER_NAME, WINDOW, MAX_STREAMS, COUNT_GAPS, STATE_DIR);
  }

  @Override
  public SequenceCheckInterceptorConfig configure(ConfigValues values) {
    return new SequenceCheckInterceptorConfig(
        values.get(HEADER_NAME), values.get(WINDOW), values.get(MAX_STREAMS),
        values.get(COUNT_GAPS), values.get(STATE_DIR).isBlank() ? Optional.empty()
            : Optional.of(Path.of(values.get(STATE_DIR).trim())));
  }

  @Override
  public Interceptor create(SequenceCheckInterceptorConfig config, ComponentContext context) {
    return new SequenceCheckInterceptor(config, context.metrics());
  }
}
