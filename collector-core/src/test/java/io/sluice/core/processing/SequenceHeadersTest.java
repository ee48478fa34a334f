package io.sluice.core.processing;

import static io.sluice.core.processing.Components.configure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelFullException;
import io.sluice.api.ChannelSelector;
import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigException;
import io.sluice.api.spi.InterceptorFactory;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.interceptor.SequenceCheckInterceptorFactory;
import io.sluice.core.processing.interceptor.SequenceInterceptorFactory;
import io.sluice.core.processing.selector.ReplicatingChannelSelectorFactory;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.MutableClock;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The conservation headers through a real channel processor: the {@code sequence} interceptor
 * spends numbers only on committed events, and {@code sequenceCheck} counts only committed ones.
 */
class SequenceHeadersTest {
  private static final String SEQ = "INTERCEPTOR.r1.seq";
  private static final String CHECK = "INTERCEPTOR.r1.check";

  private final MetricsRegistry metrics = new MetricsRegistry();
  private final MutableClock clock = new MutableClock(1_000);
  private final TestListChannel c1 = new TestListChannel("c1");

  private <C> Interceptor interceptor(InterceptorFactory<C> f, String group,
      Map<String, String> raw) throws Exception {
    Interceptor i = f.create(configure(f, raw),
        DefaultComponentContext.builder("a1", "r1-x", metrics.group(group)).clock(clock).build());
    i.start();
    return i;
  }

  private DefaultChannelProcessor processor(Interceptor i) throws Exception {
    ReplicatingChannelSelectorFactory f = new ReplicatingChannelSelectorFactory();
    ChannelSelector s = f.create(configure(f, Map.of()), Components.context(c1));
    return new DefaultChannelProcessor("r1", s, List.of(i), metrics.group("SOURCE.r1"));
  }

  private static List<Event> events(int count) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Event.of(new byte[] {(byte) i}));
    }
    return out;
  }

  private static List<Event> stamped(String stream, int from, int to) {
    return IntStream.range(from, to).mapToObj(n -> Event.of(
        Map.of("sluice.seq", stream + ":" + n), new byte[0])).collect(Collectors.toList());
  }

  private List<String> stampsIn(TestListChannel c) {
    return c.events().stream().map(e -> e.getHeaders().get("sluice.seq")).toList();
  }

  @Test
  void stampsOriginEpochAndNumberInOneHeader() throws Exception {
    Interceptor seq = interceptor(new SequenceInterceptorFactory(), SEQ, Map.of("origin", "e:1"));
    Event e = seq.intercept(Event.of(new byte[0]));
    assertEquals(Map.of("sluice.seq", "e:1:1000:0"), e.getHeaders());
    assertEquals("e:1:1000:0", seq.intercept(e).getHeaders().get("sluice.seq"),
        "a second run of the chain on the same event keeps its stamp");
    assertEquals("e:1:1000:1", seq.intercept(Event.of(new byte[0])).getHeaders().get("sluice.seq"));
    clock.advanceMillis(5);
    seq.stop();
    seq.start();
    assertEquals("e:1:1005:0", seq.intercept(Event.of(new byte[0])).getHeaders().get("sluice.seq"),
        "a restart numbers from 0 in a new epoch");
  }

  @Test
  void defaultOriginIsAgentAtHostAndHeaderIsConfigurable() throws Exception {
    Interceptor seq = interceptor(new SequenceInterceptorFactory(), SEQ, Map.of("headerName", "s"));
    assertEquals("a1@" + InetAddress.getLocalHost().getHostName() + ":1000:0",
        seq.intercept(Event.of(new byte[0])).getHeaders().get("s"));
  }

  @Test
  void aRefusedPutHandsItsNumbersBackSoTheRetryLeavesNoGap() throws Exception {
    Interceptor seq = interceptor(new SequenceInterceptorFactory(), SEQ, Map.of("origin", "e"));
    DefaultChannelProcessor p = processor(seq);
    p.processEventBatch(events(2));
    c1.failCommitsWith(new ChannelFullException("c1 is full"));
    List<Event> refused = events(3);
    assertThrows(ChannelFullException.class, () -> p.processEventBatch(refused));
    assertTrue(refused.stream().noneMatch(e -> e.getHeaders().containsKey("sluice.seq")),
        "the refused events lose their numbers");
    c1.failCommitsWith(null);
    p.processEventBatch(events(4)); // the sender's retry arrives as new events
    assertEquals(List.of("e:1000:0", "e:1000:1", "e:1000:2", "e:1000:3", "e:1000:4", "e:1000:5"),
        stampsIn(c1).stream().sorted().toList());
    assertEquals(6, metrics.value(SEQ, "SequenceStampedCount"));
  }

  @Test
  void checkCountsCommittedEventsOnlyWithDuplicatesAndEpochs() throws Exception {
    DefaultChannelProcessor p = processor(interceptor(new SequenceCheckInterceptorFactory(), CHECK,
        Map.of()));
    c1.failCommitsWith(new ChannelFullException("c1 is full"));
    assertThrows(ChannelFullException.class, () -> p.processEventBatch(stamped("o:1", 0, 10)));
    assertEquals(0, metrics.value(CHECK, "SequenceReceivedCount"), "a refused put is not counted");
    c1.failCommitsWith(null);
    p.processEventBatch(stamped("o:1", 0, 10));
    p.processEventBatch(stamped("o:1", 5, 12)); // a sender's re-send overlapping what arrived
    p.processEventBatch(stamped("o:2", 0, 3)); // the origin restarted
    p.processEventBatch(List.of(Event.of(new byte[0]),
        Event.of(Map.of("sluice.seq", "no-numbers"), new byte[0])));
    assertEquals(12 + 3, metrics.value(CHECK, "SequenceDistinctCount"));
    assertEquals(5, metrics.value(CHECK, "SequenceDuplicateCount"));
    assertEquals(20, metrics.value(CHECK, "SequenceReceivedCount"));
    assertEquals(2, metrics.value(CHECK, "SequenceUnstampedCount"));
    assertEquals(0, metrics.value(CHECK, "SequenceGapCount"));
    assertEquals(2L, metrics.snapshot().get(CHECK).get("SequenceStreams"));
  }

  @Test
  void aDroppedStreamCountsItsUnseenNumbersAsGaps() throws Exception {
    DefaultChannelProcessor p = processor(interceptor(new SequenceCheckInterceptorFactory(), CHECK,
        Map.of("window", "64", "maxStreams", "1", "countGaps", "true")));
    p.processEventBatch(stamped("o:1", 0, 2));
    p.processEventBatch(stamped("o:1", 3, 5)); // 2 never arrives
    p.processEventBatch(stamped("o:2", 0, 1));
    assertEquals(1, metrics.value(CHECK, "SequenceGapCount"));
    assertEquals(1, metrics.value(CHECK, "SequenceStreamEvictedCount"));
  }

  @Test
  void aWindowThatIsNoMultipleOf64IsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class, () -> interceptor(
        new SequenceCheckInterceptorFactory(), CHECK, Map.of("window", "100")));
    assertEquals("window", e.problems().get(0).key());
    assertFalse(e.getMessage().isEmpty());
  }
}
