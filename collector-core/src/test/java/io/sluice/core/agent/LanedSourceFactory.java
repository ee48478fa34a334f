package io.sluice.core.agent;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.PollableSource;
import io.sluice.api.SimpleEvent;
import io.sluice.api.Source;
import io.sluice.api.Status;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test source named by this class: {@code lanes} lanes, lane {@code i} putting {@code i}, {@code
 * i + lanes}, ... below {@code totalEvents}, {@code batchSize} per step, and remembering the
 * threads that stepped it.
 */
public final class LanedSourceFactory implements SourceFactory<LanedSourceFactory.Config> {
  static final ConfigKey<Integer> LANES = ConfigKey.integer("lanes").defaultValue(1).atLeast(1).doc("Lanes");
  static final ConfigKey<Integer> TOTAL = ConfigKey.integer("totalEvents").defaultValue(1000).atLeast(0)
      .doc("Events over all lanes");
  static final ConfigKey<Integer> BATCH = ConfigKey.integer("batchSize").defaultValue(100).atLeast(1)
      .doc("Events per step");

  record Config(int lanes, int totalEvents, int batchSize) {}

  @Override
  public String type() {
    return "test-laned";
  }

  @Override
  public Class<?> componentClass() {
    return LanedSource.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(LANES, TOTAL, BATCH);
  }

  @Override
  public Config configure(ConfigValues v) {
    return new Config(v.get(LANES), v.get(TOTAL), v.get(BATCH));
  }

  @Override
  public Source create(Config config, SourceContext context) {
    return new LanedSource(config, context.channelProcessor());
  }

  /** The source: its lanes, stepped in turn when it is stepped itself. */
  static final class LanedSource implements PollableSource {
    private final List<Lane> lanes = new ArrayList<>();

    LanedSource(Config config, ChannelProcessor processor) {
      for (int i = 0; i < config.lanes(); i++) {
        lanes.add(new Lane(i, config, processor));
      }
    }

    @Override
    public List<Lane> lanes() {
      return List.copyOf(lanes);
    }

    @Override
    public Status process() {
      Status out = Status.BACKOFF;
      for (Lane lane : lanes) {
        out = lane.process() == Status.READY ? Status.READY : out;
      }
      return out;
    }

    @Override
    public void start() {}

    @Override
    public void stop() {}
  }

  /** One lane: its share of the numbers, and the threads that stepped it. */
  static final class Lane implements PollableSource {
    private final int step;
    private final Config config;
    private final ChannelProcessor processor;
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private int next;

    Lane(int index, Config config, ChannelProcessor processor) {
      this.next = index;
      this.step = config.lanes();
      this.config = config;
      this.processor = processor;
    }

    @Override
    public Status process() {
      threads.add(Thread.currentThread());
      List<Event> batch = new ArrayList<>();
      for (; next < config.totalEvents() && batch.size() < config.batchSize(); next += step) {
        batch.add(new SimpleEvent(new HashMap<>(), Integer.toString(next).getBytes(StandardCharsets.UTF_8)));
      }
      if (batch.isEmpty()) {
        return Status.BACKOFF;
      }
      processor.processEventBatch(batch);
      return Status.READY;
    }

    @Override
    public long backoffSleepIncrement() {
      return 10;
    }

    @Override
    public long maxBackoffSleep() {
      return 50;
    }

    @Override
    public void start() {}

    @Override
    public void stop() {}
  }
}
