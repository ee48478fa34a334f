package io.sluice.core.processing;

import static io.sluice.core.processing.Components.configure;
import static io.sluice.core.processing.Components.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.ChannelSelector;
import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.PartlyFailedException;
import io.sluice.api.PartlyPut;
import io.sluice.api.PartlyPutException;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.interceptor.RegexFilteringInterceptorFactory;
import io.sluice.core.processing.interceptor.StaticInterceptorFactory;
import io.sluice.core.processing.selector.MultiplexingChannelSelectorFactory;
import io.sluice.core.processing.selector.ReplicatingChannelSelectorFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultChannelProcessorTest {
  private final TestListChannel c1 = new TestListChannel("c1");
  private final TestListChannel c2 = new TestListChannel("c2");
  private final TestListChannel c3 = new TestListChannel("c3");
  private final MetricsRegistry metrics = new MetricsRegistry();

  private DefaultChannelProcessor processor(ChannelSelector selector, Interceptor... interceptors) {
    return new DefaultChannelProcessor("r1", selector, List.of(interceptors), metrics.group("SOURCE.r1"));
  }

  private ChannelSelector replicating(String optional) throws Exception {
    ReplicatingChannelSelectorFactory f = new ReplicatingChannelSelectorFactory();
    return f.create(configure(f, Map.of("optional", optional)), context(c1, c2, c3));
  }

  private long counter(String name) {
    return metrics.value("SOURCE.r1", name);
  }

  private static List<Event> events(String... bodies) {
    List<Event> out = new ArrayList<>();
    for (String b : bodies) {
      out.add(Event.of(b.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static List<String> bodies(TestListChannel channel) {
    return channel.events().stream().map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void batchGoesToEveryRequiredChannelInOneTransactionEach() throws Exception {
    processor(replicating("")).processEventBatch(events("a", "b", "c"));
    for (TestListChannel c : List.of(c1, c2, c3)) {
      assertEquals(List.of("a", "b", "c"), bodies(c));
      assertEquals(1, c.commits());
    }
  }

  @Test
  void processEventIsABatchOfOne() throws Exception {
    processor(replicating("")).processEvent(Event.of("x".getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of("x"), bodies(c2));
  }

  @Test
  void fullRequiredChannelThrowsFullNamingSourceAndChannelAndCommitsNothingThere() throws Exception {
    ChannelFullException cause = new ChannelFullException("memory channel c2 is full");
    c2.failCommitsWith(cause);
    ChannelFullException e = assertThrows(ChannelFullException.class,
        () -> processor(replicating("c3")).processEventBatch(events("a", "b")));
    assertEquals("Source r1: required channel c2 is full: memory channel c2 is full", e.getMessage());
    assertSame(cause, e.getCause());
    assertEquals(List.of(), bodies(c2));
    assertEquals(1, c2.rollbacks());
    // No atomicity across channels: c1 committed before c2 failed (a retry duplicates it there),
    // and the optional channel is never tried once a required one failed.
    assertEquals(List.of("a", "b"), bodies(c1));
    assertEquals(0, c3.commits() + c3.rollbacks());
    assertEquals(1, counter(DefaultChannelProcessor.REQUIRED_FAILURES));
  }

  @Test
  void aBatchPartlyPutIsResumedIntoTheChannelsThatDidNotTakeIt() throws Exception {
    PartlyPutException e = assertResumedIntoTheRest(PartlyPutException.class,
        new ChannelFullException("memory channel c2 is full"));
    assertEquals("Source r1: required channel c2 is full: memory channel c2 is full", e.getMessage());
  }

  @Test
  void aBatchALaterChannelFailedIsResumedIntoTheRestAsWhenItWasFull() throws Exception {
    PartlyFailedException e = assertResumedIntoTheRest(PartlyFailedException.class,
        new IllegalStateException("disk below minimumRequiredSpace"));
    assertFalse(ChannelFullException.class.isInstance(e), "failed, not full");
    assertEquals("Source r1: required channel c2 failed to accept 2 event(s): disk below"
        + " minimumRequiredSpace", e.getMessage());
  }

  /**
   * c2 fails with {@code failure} after c1 took the batch: the {@code kind} thrown resumes into c2
   * and then the optional c3 only, also after a resumption that failed again.
   */
  private <T extends RuntimeException & PartlyPut> T assertResumedIntoTheRest(Class<T> kind,
      RuntimeException failure) throws Exception {
    DefaultChannelProcessor p = processor(replicating("c3"));
    c2.failCommitsWith(failure);
    T e = assertThrows(kind, () -> p.processEventBatch(events("a", "b")));
    // still failing: the resumption fails the same way and leaves c1 alone
    T again = assertThrows(kind, e::putTheRest);
    assertEquals(List.of("a", "b"), bodies(c1));
    c2.failCommitsWith(null);
    again.putTheRest();
    assertEquals(List.of("a", "b"), bodies(c1), "c1 took the batch once");
    assertEquals(1, c1.commits());
    assertEquals(List.of("a", "b"), bodies(c2));
    assertEquals(List.of("a", "b"), bodies(c3), "then the optional channel");
    return e;
  }

  @Test
  void onlyABatchSomeChannelTookIsResumableAndOnlyWhenUntracked() throws Exception {
    DefaultChannelProcessor p = processor(replicating(""));
    c1.failCommitsWith(new ChannelFullException("c1 is full"));
    ChannelFullException first = assertThrows(ChannelFullException.class,
        () -> p.processEventBatch(events("a")));
    assertFalse(first instanceof PartlyPutException, "nothing was put: a plain retry is right");
    c1.failCommitsWith(null);
    c2.failCommitsWith(new ChannelFullException("c2 is full"));
    ChannelFullException tracked = assertThrows(ChannelFullException.class,
        () -> p.processEventBatchTracked(events("b")));
    assertFalse(tracked instanceof PartlyPutException, "a tracked batch is retried whole");
    c2.failCommitsWith(new IllegalStateException("disk gone"));
    ChannelException other = assertThrows(ChannelException.class,
        () -> p.processEventBatch(events("c")));
    assertFalse(other instanceof ChannelFullException);
  }

  @Test
  void otherRequiredFailureIsWrappedInChannelException() throws Exception {
    IllegalStateException cause = new IllegalStateException("disk gone");
    c1.failCommitsWith(cause);
    ChannelException e = assertThrows(ChannelException.class,
        () -> processor(replicating("")).processEventBatch(events("a")));
    assertFalse(e instanceof ChannelFullException);
    assertEquals("Source r1: required channel c1 failed to accept 1 event(s): disk gone", e.getMessage());
    assertSame(cause, e.getCause());
    assertEquals(List.of(), bodies(c1));
    assertEquals(List.of(), bodies(c2));
  }

  @Test
  void optionalChannelFailureIsIgnoredAndCounted() throws Exception {
    c3.failCommitsWith(new ChannelFullException("c3 is full"));
    processor(replicating("c3")).processEventBatch(events("a", "b"));
    assertEquals(List.of("a", "b"), bodies(c1));
    assertEquals(List.of("a", "b"), bodies(c2));
    assertEquals(List.of(), bodies(c3));
    assertEquals(1, c3.rollbacks());
    assertEquals(1, counter(DefaultChannelProcessor.OPTIONAL_FAILURES));
  }

  @Test
  void interceptorsRunInOrderAndMayDropEvents() throws Exception {
    RegexFilteringInterceptorFactory filter = new RegexFilteringInterceptorFactory();
    StaticInterceptorFactory stamp = new StaticInterceptorFactory();
    Interceptor dropDebug = filter.create(
        configure(filter, Map.of("regex", "DEBUG", "excludeEvents", "true")), context());
    Interceptor tag = stamp.create(configure(stamp, Map.of("key", "tier", "value", "edge")), context());
    processor(replicating(""), dropDebug, tag)
        .processEventBatch(events("INFO a", "DEBUG b", "WARN c", "DEBUG d"));
    assertEquals(List.of("INFO a", "WARN c"), bodies(c1));
    c1.events().forEach(e -> assertEquals("edge", e.getHeaders().get("tier")));
    assertEquals(2, counter(DefaultChannelProcessor.INTERCEPTOR_DROPPED));
  }

  @Test
  void batchDroppedEntirelyTouchesNoChannel() throws Exception {
    Interceptor dropAll = e -> null;
    processor(replicating(""), dropAll).processEventBatch(events("a", "b"));
    assertEquals(0, c1.commits() + c1.rollbacks());
    assertEquals(2, counter(DefaultChannelProcessor.INTERCEPTOR_DROPPED));
  }

  @Test
  void failingInterceptorFailsTheBatchBeforeAnyPut() throws Exception {
    Interceptor broken = e -> {
      throw new IllegalArgumentException("bad header");
    };
    ChannelException e = assertThrows(ChannelException.class,
        () -> processor(replicating(""), broken).processEventBatch(events("a")));
    assertEquals(true, e.getMessage().startsWith("Source r1: interceptor "));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertEquals(0, c1.commits() + c1.rollbacks());
  }

  @Test
  void multiplexingSplitsOneBatchAcrossChannels() throws Exception {
    MultiplexingChannelSelectorFactory f = new MultiplexingChannelSelectorFactory();
    Map<String, String> raw = new LinkedHashMap<>();
    raw.put("header", "region");
    raw.put("mapping.US", "c1");
    raw.put("mapping.EU", "c2");
    raw.put("optional.EU", "c3");
    raw.put("default", "c3");
    ChannelSelector selector = f.create(configure(f, raw), context(c1, c2, c3));
    List<Event> batch = List.of(
        Event.of(Map.of("region", "US"), "us1".getBytes(StandardCharsets.UTF_8)),
        Event.of(Map.of("region", "EU"), "eu1".getBytes(StandardCharsets.UTF_8)),
        Event.of("none".getBytes(StandardCharsets.UTF_8)),
        Event.of(Map.of("region", "US"), "us2".getBytes(StandardCharsets.UTF_8)));
    processor(selector).processEventBatch(batch);
    assertEquals(List.of("us1", "us2"), bodies(c1));
    assertEquals(List.of("eu1"), bodies(c2));
    // Required (default) events first, then the optional copies, each channel in one transaction.
    assertEquals(List.of("none", "eu1"), bodies(c3));
    assertEquals(List.of(1, 1, 2), List.of(c1.commits(), c2.commits(), c3.commits()));
  }

  @Test
  void eventsWithNoChannelAreCounted() throws Exception {
    MultiplexingChannelSelectorFactory f = new MultiplexingChannelSelectorFactory();
    ChannelSelector selector = f.create(configure(f, Map.of("mapping.US", "c1")), context(c1, c2, c3));
    processor(selector).processEventBatch(events("nowhere"));
    assertEquals(0, c1.commits());
    assertEquals(1, counter(DefaultChannelProcessor.UNROUTED));
  }
}
