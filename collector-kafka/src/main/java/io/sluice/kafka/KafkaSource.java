package io.sluice.kafka;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.PollableSource;
import io.sluice.api.Status;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.source.SourceCounters;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's Kafka source: {@code consumers} (1, Flume's one) members of the consumer group, each a
 * {@link KafkaConsumerLane} with partitions of its own, stepped by a runner thread of its own
 * ({@link #lanes()}). With more than one, a lane polls and puts its next batch while another waits
 * for its channel commit (a Kafka or file channel's put waits for the broker or the disk); each
 * partition is still read by one consumer at a time, so its records reach the channel in order.
 * The lanes share the source's counters and its outage log (one line per transition).
 *
 * <p>{@link #process()} steps every lane in turn on the caller's thread, for tests and manual
 * stepping; the runtime steps the lanes instead. Consumers are made in {@link #start()} and closed
 * in {@link #stop()}, after the runners stopped.
 */
public final class KafkaSource implements PollableSource {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
  private final String name;
  private final KafkaSourceConfig config;
  private final List<KafkaConsumerLane> lanes = new ArrayList<>();

  /** A source whose every consumer comes from {@code consumerFactory}. */
  public KafkaSource(String name, KafkaSourceConfig config, ChannelProcessor channelProcessor,
      Supplier<Consumer<String, byte[]>> consumerFactory, Clock clock, ComponentMetrics metrics) {
    this(name, config, channelProcessor, lane -> consumerFactory.get(), clock, metrics);
  }

  /** @param consumerFactory makes lane {@code i}'s consumer (0-based) */
  public KafkaSource(String name, KafkaSourceConfig config, ChannelProcessor channelProcessor,
      IntFunction<Consumer<String, byte[]>> consumerFactory, Clock clock, ComponentMetrics metrics) {
    this.name = name;
    this.config = config;
    SourceCounters counters = new SourceCounters(metrics);
    KafkaOutageLog outage = new KafkaOutageLog(LOG, "source " + name,
        config.consumerProperties().get("bootstrap.servers"), config.subscription(), clock);
    for (int i = 0; i < config.consumers(); i++) {
      int lane = i;
      String laneName = config.consumers() == 1 ? name : name + " consumer " + (i + 1);
      lanes.add(new KafkaConsumerLane(laneName, config, channelProcessor, () -> consumerFactory.apply(lane),
          clock, metrics, counters, outage));
    }
  }

  @Override
  public synchronized void start() {
    for (KafkaConsumerLane lane : lanes) {
      lane.start();
    }
    LOG.info("Source {} consuming {} as group {} from {}{}", name, config.subscription(),
        config.consumerProperties().get("group.id"), config.consumerProperties().get("bootstrap.servers"),
        lanes.size() > 1 ? " with " + lanes.size() + " consumers" : "");
  }

  @Override
  public List<? extends PollableSource> lanes() {
    return List.copyOf(lanes);
  }

  /** Steps each lane once; READY when any moved a batch. */
  @Override
  public Status process() {
    Status out = Status.BACKOFF;
    for (KafkaConsumerLane lane : lanes) {
      if (lane.process() == Status.READY) {
        out = Status.READY;
      }
    }
    return out;
  }

  @Override
  public long backoffSleepIncrement() {
    return config.backoffStepSize();
  }

  @Override
  public long maxBackoffSleep() {
    return config.maxBackoffSleep();
  }

  @Override
  public synchronized void stop() {
    for (KafkaConsumerLane lane : lanes) {
      lane.commitAccepted(); // every lane's, before a consumer leaves and the group rebalances
    }
    for (KafkaConsumerLane lane : lanes) {
      try {
        lane.stop();
      } catch (RuntimeException e) { // the other consumers still close
        LOG.warn("Source {}: closing a consumer failed", name, e);
      }
    }
    LOG.info("Source {} stopped", name);
  }
}
