package io.sluice.core.processing;

import static io.sluice.core.channel.ChannelContractTest.takeAll;
import static io.sluice.core.processing.Components.configure;
import static io.sluice.core.processing.Components.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.ChannelSelector;
import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.core.channel.file.FileChannelFactory;
import io.sluice.core.channel.memory.MemoryChannelFactory;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.interceptor.RegexFilteringInterceptorFactory;
import io.sluice.core.processing.interceptor.StaticInterceptorFactory;
import io.sluice.core.processing.selector.MultiplexingChannelSelectorFactory;
import io.sluice.core.processing.selector.ReplicatingChannelSelectorFactory;
import io.sluice.core.runtime.DefaultComponentContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DefaultChannelProcessor#tryProcessEventBatchNow}: commits at once into a lone memory
 * channel with room behind built-in interceptors, and declines (putting nothing, leaving the
 * caller to {@code processEventBatch}) for everything that could wait.
 */
class ProcessNowTest {
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final List<Channel> opened = new ArrayList<>();
  @TempDir Path tmp;

  @AfterEach
  void stop() {
    opened.forEach(Channel::stop);
  }

  private Channel memory(String name, int capacity) throws Exception {
    MemoryChannelFactory f = new MemoryChannelFactory();
    return started(f.create(configure(f, Map.of("capacity", "" + capacity,
        "transactionCapacity", "" + Math.min(100, capacity), "keep-alive", "0")), channelContext(name)));
  }

  private Channel file(String name) throws Exception {
    FileChannelFactory f = new FileChannelFactory();
    return started(f.create(configure(f, Map.of(
        "checkpointDir", tmp.resolve("checkpoint").toString(),
        "dataDirs", tmp.resolve("data").toString())), channelContext(name)));
  }

  private DefaultComponentContext channelContext(String name) {
    return DefaultComponentContext.builder("a1", name, metrics.group("CHANNEL." + name)).build();
  }

  private Channel started(Channel c) throws Exception {
    c.start();
    opened.add(c);
    return c;
  }

  private static ChannelSelector replicating(String optional, Channel... channels) {
    ReplicatingChannelSelectorFactory f = new ReplicatingChannelSelectorFactory();
    return f.create(configure(f, Map.of("optional", optional)), context(channels));
  }

  private DefaultChannelProcessor processor(ChannelSelector selector, Interceptor... interceptors) {
    return new DefaultChannelProcessor("r1", selector, List.of(interceptors),
        metrics.group("SOURCE.r1"));
  }

  private static Interceptor stamp() {
    StaticInterceptorFactory f = new StaticInterceptorFactory();
    return f.create(configure(f, Map.of("key", "via", "value", "r1")), context());
  }

  private static List<Event> events(String... bodies) {
    List<Event> out = new ArrayList<>();
    for (String b : bodies) {
      out.add(Event.of(b.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static List<String> bodies(List<Event> events) {
    return events.stream().map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void aMemoryChannelWithRoomBehindBuiltInInterceptorsCommitsAtOnce() throws Exception {
    Channel c1 = memory("c1", 10);
    DefaultChannelProcessor p = processor(replicating("", c1), stamp());

    assertTrue(p.tryProcessEventBatchNow(events("a", "b", "c")));

    List<Event> got = takeAll(c1, 10);
    assertEquals(List.of("a", "b", "c"), bodies(got));
    assertEquals("r1", got.get(0).getHeaders().get("via"), "the interceptors ran");
  }

  @Test
  void aMemoryChannelWithoutRoomDeclinesPuttingNothingAndTheFallbackReportsFull()
      throws Exception {
    Channel c1 = memory("c1", 4);
    DefaultChannelProcessor p = processor(replicating("", c1));
    assertTrue(p.tryProcessEventBatchNow(events("a", "b", "c")));

    List<Event> late = events("d", "e");
    assertFalse(p.tryProcessEventBatchNow(late), "only one slot is free");
    assertEquals(3, c1.size());
    assertEquals(0, metrics.value("SOURCE.r1", DefaultChannelProcessor.REQUIRED_FAILURES),
        "declining is not a failure");
    assertThrows(ChannelFullException.class, () -> p.processEventBatch(late));

    takeAll(c1, 2);
    assertTrue(p.tryProcessEventBatchNow(late), "room again");
    assertEquals(List.of("c", "d", "e"), bodies(takeAll(c1, 10)));
  }

  @Test
  void aFileChannelDeclinesWithoutStagingAnything() throws Exception {
    Channel c1 = file("c1");
    DefaultChannelProcessor p = processor(replicating("", c1));

    assertFalse(p.tryProcessEventBatchNow(events("a")));
    assertEquals(0, c1.size());
    p.processEventBatch(events("a"));
    assertEquals(List.of("a"), bodies(takeAll(c1, 10)));
  }

  @Test
  void anInterceptorNotKnownToBeNonBlockingDeclinesWithoutRunningIt() throws Exception {
    Channel c1 = memory("c1", 10);
    AtomicInteger calls = new AtomicInteger();
    Interceptor custom = event -> {
      calls.incrementAndGet();
      return event;
    };
    DefaultChannelProcessor p = processor(replicating("", c1), stamp(), custom);

    assertFalse(p.tryProcessEventBatchNow(events("a")));
    assertEquals(0, calls.get());
    assertEquals(0, c1.size());
  }

  @Test
  void severalChannelsOrAMultiplexingSelectorDecline() throws Exception {
    Channel c1 = memory("c1", 10);
    Channel c2 = memory("c2", 10);
    assertFalse(processor(replicating("", c1, c2)).tryProcessEventBatchNow(events("a")),
        "two required channels");
    assertFalse(processor(replicating("c2", c1, c2)).tryProcessEventBatchNow(events("a")),
        "an optional channel");
    MultiplexingChannelSelectorFactory m = new MultiplexingChannelSelectorFactory();
    ChannelSelector multiplexing = m.create(configure(m, Map.of("header", "h",
        "default", "c1")), context(c1));
    assertFalse(processor(multiplexing).tryProcessEventBatchNow(events("a")), "multiplexing");
    assertEquals(0, c1.size() + c2.size());
  }

  @Test
  void droppedEventsAreCountedOnceByTheAttemptThatCommitted() throws Exception {
    Channel c1 = memory("c1", 2);
    RegexFilteringInterceptorFactory f = new RegexFilteringInterceptorFactory();
    Interceptor dropDebug = f.create(
        configure(f, Map.of("regex", "DEBUG", "excludeEvents", "true")), context());
    DefaultChannelProcessor p = processor(replicating("", c1), dropDebug);
    assertTrue(p.tryProcessEventBatchNow(events("x", "DEBUG y")));

    List<Event> second = events("DEBUG z", "w", "v");
    assertFalse(p.tryProcessEventBatchNow(second), "one slot free, two kept");
    takeAll(c1, 1);
    p.processEventBatch(second);

    assertEquals(2, metrics.value("SOURCE.r1", DefaultChannelProcessor.INTERCEPTOR_DROPPED));
    assertEquals(List.of("w", "v"), bodies(takeAll(c1, 2)));
  }

  @Test
  void aBatchOverTheTransactionCapacityFailsForGoodAsProcessEventBatchWould() throws Exception {
    Channel c1 = memory("c1", 1000);
    DefaultChannelProcessor p = processor(replicating("", c1));
    List<Event> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(Event.of(("e" + i).getBytes(StandardCharsets.UTF_8)));
    }

    ChannelException e = assertThrows(ChannelException.class,
        () -> p.tryProcessEventBatchNow(tooMany));
    assertTrue(e.getMessage().contains("Source r1: required channel c1"), e.getMessage());
    assertEquals(0, c1.size());
    assertEquals(1, metrics.value("SOURCE.r1", DefaultChannelProcessor.REQUIRED_FAILURES));
  }
}
