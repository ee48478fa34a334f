package io.sluice.edge.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.Transaction;
import io.sluice.core.channel.memory.MemoryChannelFactory;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.DefaultChannelProcessor;
import io.sluice.core.processing.selector.ReplicatingChannelSelector;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The http source over the agent's real channel processor and a memory channel, where a request
 * is committed on its connection's I/O thread when nothing on the way can wait, and handed to a
 * handler thread otherwise: which thread ran the interceptors, a full channel still answered 503,
 * answers and commits in request order on a pipelining connection, and bodies taken from the
 * request's bytes equal to the decoded ones.
 */
class HttpSourceCommitNowTest {
  private static final String JSON = "application/json; charset=UTF-8";
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  /** Records the threads it runs on; non-blocking or not as asked. */
  private static final class ThreadRecorder implements Interceptor {
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final boolean nonBlocking;

    ThreadRecorder(boolean nonBlocking) {
      this.nonBlocking = nonBlocking;
    }

    @Override
    public boolean nonBlocking() {
      return nonBlocking;
    }

    @Override
    public Event intercept(Event event) {
      threads.add(Thread.currentThread().getName());
      return event;
    }

    @Override
    public void start() {}

    @Override
    public void stop() {}
  }

  private Channel memoryChannel(int capacity, int keepAliveSeconds) throws Exception {
    return memoryChannel(Map.of("capacity", "" + capacity, "transactionCapacity", "" + capacity,
        "keep-alive", "" + keepAliveSeconds));
  }

  private Channel memoryChannel(Map<String, String> keys) throws Exception {
    MemoryChannelFactory f = new MemoryChannelFactory();
    Channel c = f.create(Configs.configure(f, keys),
        DefaultComponentContext.builder("a1", "c1", metrics.group("CHANNEL.c1")).build());
    c.start();
    toClose.add(c::stop);
    return c;
  }

  private HttpHarness source(Channel channel, Interceptor... interceptors) throws Exception {
    DefaultChannelProcessor processor = new DefaultChannelProcessor("r1",
        new ReplicatingChannelSelector(List.of(channel), List.of()), List.of(interceptors),
        metrics.group("PROCESSOR.r1"));
    HttpHarness h = new HttpHarness(processor, Map.of("retryAfterSeconds", "2"));
    toClose.add(h);
    return h;
  }

  private static List<Event> drain(Channel c, int max) {
    try (Transaction tx = c.getTransaction()) {
      tx.begin();
      List<Event> out = tx.take(max);
      tx.commit();
      return out;
    }
  }

  /** A JSON array of events with bodies {@code <tag>-<from>} .. {@code <tag>-<to - 1>}. */
  private static String batch(String tag, int from, int to) {
    StringBuilder b = new StringBuilder("[");
    for (int i = from; i < to; i++) {
      b.append(i == from ? "" : ",").append("{\"headers\":{\"i\":\"").append(i)
          .append("\"},\"body\":\"").append(tag).append('-').append(i).append("\"}");
    }
    return b.append(']').toString();
  }

  private static String body(Event e) {
    return new String(e.getBody(), StandardCharsets.UTF_8);
  }

  private static boolean all(Set<String> threads, String role) {
    return !threads.isEmpty() && threads.stream().allMatch(t -> t.contains("-" + role + "-"));
  }

  @Test
  void withRoomAndNonBlockingInterceptorsRequestsCommitOnTheIoThread() throws Exception {
    Channel c1 = memoryChannel(10_000, 0);
    ThreadRecorder recorder = new ThreadRecorder(true);
    HttpHarness h = source(c1, recorder);
    for (int r = 0; r < 10; r++) {
      assertEquals(200, h.post(batch("e", r * 100, r * 100 + 100), JSON).statusCode());
    }
    List<Event> got = drain(c1, 10_000);
    assertEquals(1000, got.size());
    for (int i = 0; i < got.size(); i++) {
      assertEquals("e-" + i, body(got.get(i)));
      assertEquals(Integer.toString(i), got.get(i).getHeaders().get("i"));
    }
    assertTrue(all(recorder.threads, "http-io"), "interceptors ran on " + recorder.threads);
    assertEquals(1000, h.metric("EventReceivedCount"));
    assertEquals(1000, h.metric("EventAcceptedCount"));
  }

  @Test
  void aRequestOfMoreEventsThanOneTransactionTakesIs413NotARetryForever() throws Exception {
    for (boolean nonBlocking : new boolean[] {true, false}) { // committed on either thread
      Channel c1 = memoryChannel(Map.of("capacity", "1000", "transactionCapacity", "10",
          "byteCapacity", "100000"));
      HttpHarness h = source(c1, new ThreadRecorder(nonBlocking));
      HttpResponse<String> tooMany = h.post(batch("e", 0, 11), JSON);
      assertEquals(413, tooMany.statusCode(), tooMany.body());
      assertTrue(tooMany.body().contains("transactionCapacity"), tooMany.body());
      assertTrue(tooMany.headers().firstValue("Retry-After").isEmpty(), "nothing to wait for");
      String oneBig = "[{\"body\":\"" + "x".repeat(90_000) + "\"}]";
      HttpResponse<String> tooBig = h.post(oneBig, JSON);
      assertEquals(413, tooBig.statusCode(), tooBig.body());
      assertTrue(tooBig.body().contains("byteCapacity"), tooBig.body());
      // the connection goes on, and a request that fits is taken
      assertEquals(200, h.post(batch("e", 0, 10), JSON).statusCode());
      assertEquals(10, drain(c1, 10).size());
      assertEquals(2, h.metric("ChannelWriteFail"));
      assertEquals(10, h.metric("EventAcceptedCount"));
    }
  }

  @Test
  void a413ForALaterChannelLeavesTheEarlierOneWithoutTheRequest() throws Exception {
    // two required channels: the second's transactions and byte budget are the smaller
    Channel big = memoryChannel(Map.of("capacity", "1000", "transactionCapacity", "100"));
    Channel small = memoryChannel(Map.of("capacity", "1000", "transactionCapacity", "10",
        "byteCapacity", "100000"));
    DefaultChannelProcessor processor = new DefaultChannelProcessor("r1",
        new ReplicatingChannelSelector(List.of(big, small), List.of()), List.of(),
        metrics.group("PROCESSOR.r1"));
    HttpHarness h = new HttpHarness(processor, Map.of());
    toClose.add(h);
    HttpResponse<String> tooMany = h.post(batch("e", 0, 11), JSON);
    assertEquals(413, tooMany.statusCode(), tooMany.body());
    assertTrue(tooMany.body().contains("cannot take 11 events at once"), tooMany.body());
    HttpResponse<String> tooBig = h.post("[{\"body\":\"" + "x".repeat(90_000) + "\"}]", JSON);
    assertEquals(413, tooBig.statusCode(), tooBig.body());
    assertTrue(tooBig.body().contains("byteCapacity"), tooBig.body());
    assertEquals(0, big.size(), "the first channel took neither request");
    // the client splits the first into requests that fit: each event once in each channel
    assertEquals(200, h.post(batch("e", 0, 10), JSON).statusCode());
    assertEquals(200, h.post(batch("e", 10, 11), JSON).statusCode());
    assertEquals(11, big.size());
    assertEquals(11, small.size());
    assertEquals(10, drain(small, 10).size());
    assertEquals(1, drain(small, 10).size());
    assertEquals(2, h.metric("ChannelWriteFail"));
  }

  @Test
  void anInterceptorThatMayBlockSendsTheRequestToAHandlerThread() throws Exception {
    Channel c1 = memoryChannel(10_000, 0);
    ThreadRecorder recorder = new ThreadRecorder(false);
    HttpHarness h = source(c1, recorder);
    assertEquals(200, h.post(batch("e", 0, 50), JSON).statusCode());
    assertEquals(50, drain(c1, 10_000).size());
    assertTrue(all(recorder.threads, "http-handler"), "interceptors ran on " + recorder.threads);
    assertEquals(50, h.metric("EventReceivedCount"));
    assertEquals(50, h.metric("EventAcceptedCount"));
  }

  @Test
  void aFullChannelIsStill503WithRetryAfterAndTheRetryIsAcceptedOnceThereIsRoom()
      throws Exception {
    Channel c1 = memoryChannel(150, 0);
    ThreadRecorder recorder = new ThreadRecorder(true);
    HttpHarness h = source(c1, recorder);
    assertEquals(200, h.post(batch("e", 0, 100), JSON).statusCode());
    HttpResponse<String> full = h.post(batch("e", 100, 200), JSON);
    assertEquals(503, full.statusCode(), full.body());
    assertEquals("2", full.headers().firstValue("Retry-After").orElse(null));
    assertEquals(100, c1.size(), "nothing of the refused request went in");

    assertEquals(100, drain(c1, 100).size());
    assertEquals(200, h.post(batch("e", 100, 200), JSON).statusCode()); // the sender's retry
    List<Event> got = drain(c1, 150);
    assertEquals(100, got.size());
    assertEquals("e-100", body(got.get(0)));
    assertEquals("e-199", body(got.get(99)));
    assertEquals(300, h.metric("EventReceivedCount"));
    assertEquals(200, h.metric("EventAcceptedCount"));
    assertEquals(1, h.metric("ChannelWriteFail"));
  }

  @Test
  void aRequestThatFitsNeverOvertakesAnEarlierOneWaitingForRoom() throws Exception {
    Channel c1 = memoryChannel(100, 10);
    HttpHarness h = source(c1);
    assertEquals(200, h.post(batch("pre", 0, 60), JSON).statusCode());
    String first = batch("first", 0, 50); // does not fit: waits on a handler thread
    String second = batch("second", 0, 10); // would fit at once
    try (Socket s = RawHttp.connect(h.port())) {
      RawHttp.write(s, post(first) + post(second)); // pipelined, on one connection
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (h.metric("EventReceivedCount") < 110 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(110, h.metric("EventReceivedCount"), "the first request was read");
      assertEquals(60, c1.size(), "nothing committed while the first request waits");
      assertEquals(60, drain(c1, 100).size()); // room for both
      InputStream in = s.getInputStream();
      assertEquals(200, RawHttp.read(in).status());
      assertEquals(200, RawHttp.read(in).status());
    }
    List<Event> got = drain(c1, 100);
    assertEquals(60, got.size());
    assertEquals("first-0", body(got.get(0)));
    assertEquals("first-49", body(got.get(49)));
    assertEquals("second-0", body(got.get(50)));
  }

  private static String post(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: " + JSON + "\r\nContent-Length: "
        + b.length + "\r\n\r\n" + json;
  }

  @Test
  void bodiesTakenFromTheRequestBytesEqualTheDecodedOnes() throws Exception {
    Channel c1 = memoryChannel(100, 0);
    HttpHarness h = source(c1);
    String json = "[{\"body\":\"plain ascii\"},{\"body\":\"with \\\"escapes\\\"\\n\\u00e9\"},"
        + "{\"body\":\"caf\u00e9 \u65e5\u672c\"},{'body':'single \"quoted\"'},{\"body\":42},"
        + "{\"body\":null},{\"body\":\"\"},{\"headers\":{\"k\":\"v\"}}]";
    assertEquals(200, h.post(json, JSON).statusCode());
    List<Event> got = drain(c1, 100);
    String[] expected = {"plain ascii", "with \"escapes\"\n\u00e9", "caf\u00e9 \u65e5\u672c",
        "single \"quoted\"", "42", "", "", ""};
    assertEquals(expected.length, got.size());
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i].getBytes(StandardCharsets.UTF_8), got.get(i).getBody(),
          "event " + i);
    }
    assertEquals("v", got.get(7).getHeaders().get("k"));
  }
}
