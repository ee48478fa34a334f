package io.sluice.core.channel.memory;

import io.sluice.api.Channel;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ChannelFactory;
import io.sluice.api.spi.ComponentContext;
import java.time.Duration;
import java.util.Set;

/** Makes {@code memory} channels (Flume's {@code org.apache.flume.channel.MemoryChannel}). Stateless. */
public final class MemoryChannelFactory implements ChannelFactory<MemoryChannelConfig> {

  public static final ConfigKey<Long> CAPACITY = ConfigKey.longInt("capacity")
      .defaultValue(100L).atLeast(1)
      .doc("Most events the channel holds");
  public static final ConfigKey<Integer> TRANSACTION_CAPACITY = ConfigKey.integer("transactionCapacity")
      .defaultValue(100).atLeast(1)
      .doc("Most puts, and most takes, in one transaction; at least every batch size using it");
  public static final ConfigKey<Long> BYTE_CAPACITY = ConfigKey.longInt("byteCapacity")
      .atLeast(0)
      .doc("Most body bytes held (headers are not counted); default 80% of the JVM's max heap; "
          + "0 means unlimited");
  public static final ConfigKey<Integer> BYTE_CAPACITY_BUFFER_PERCENTAGE =
      ConfigKey.integer("byteCapacityBufferPercentage")
          .defaultValue(20).between(0, 100)
          .doc("Percent of byteCapacity set aside for headers");
  public static final ConfigKey<Double> KEEP_ALIVE = ConfigKey.decimal("keep-alive")
      .defaultValue(3.0).atLeast(0)
      .doc("Seconds a commit waits for room and a take waits for an event (fractions allowed)");

  public static final ConfigKey<Double> TAKE_LINGER_MILLIS = ConfigKey.decimal("takeLingerMillis")
      .defaultValue((double) MemoryChannelConfig.DEFAULT_TAKE_LINGER.toMillis()).between(0, 1_000)
      .doc("Milliseconds a sink's batch take that found some events waits for the rest of its "
          + "batch (fractions allowed; 0 takes what is there at once). Fuller batches and far "
          + "fewer thread wake-ups under load, at most this much added latency when traffic is light; "
          + "a take stops lingering when the channel is too full for its batch to complete");

  private static final ConfigDef DEF = ConfigDef.of(CAPACITY, TRANSACTION_CAPACITY, BYTE_CAPACITY,
      BYTE_CAPACITY_BUFFER_PERCENTAGE, KEEP_ALIVE, TAKE_LINGER_MILLIS);

  @Override
  public String type() {
    return "memory";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.channel.MemoryChannel");
  }

  @Override
  public Class<?> componentClass() {
    return MemoryChannel.class;
  }

  @Override
  public ConfigDef configDef() {
    return DEF;
  }

  @Override
  public MemoryChannelConfig configure(ConfigValues values) {
    long capacity = values.get(CAPACITY);
    int transactionCapacity = values.get(TRANSACTION_CAPACITY);
    if (transactionCapacity > capacity) {
      throw new ConfigException(TRANSACTION_CAPACITY.name(), "transactionCapacity "
          + transactionCapacity + " must not exceed capacity " + capacity);
    }
    long byteCapacity = values.isSet(BYTE_CAPACITY)
        ? values.get(BYTE_CAPACITY)
        : MemoryChannelConfig.defaultByteCapacity();
    Duration keepAlive = Duration.ofNanos(Math.round(values.get(KEEP_ALIVE) * 1e9));
    Duration takeLinger = Duration.ofNanos(Math.round(values.get(TAKE_LINGER_MILLIS) * 1e6));
    return new MemoryChannelConfig(capacity, transactionCapacity, byteCapacity,
        values.get(BYTE_CAPACITY_BUFFER_PERCENTAGE), keepAlive, takeLinger);
  }

  @Override
  public Channel create(MemoryChannelConfig config, ComponentContext context) {
    return new MemoryChannel(config, context);
  }
}
