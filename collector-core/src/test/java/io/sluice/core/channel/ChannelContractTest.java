package io.sluice.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.runtime.NamedThreadFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The behaviour every {@link Channel} must have, run against each implementation by subclassing.
 * Subclasses make channels with a short keep-alive ({@link #keepAlive()}) so full and empty waits
 * stay quick. Channels made through {@link #channel} are started here and stopped after each test.
 */
public abstract class ChannelContractTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<Channel> opened = new ArrayList<>();
  private final ExecutorService others =
      Executors.newCachedThreadPool(new NamedThreadFactory("contract-test"));

  /** A new, not yet started channel; its keep-alive should be {@link #keepAlive()}. */
  protected abstract Channel newChannel(int capacity, int transactionCapacity) throws Exception;

  /** How long the channels from {@link #newChannel} wait for room or events. */
  protected abstract Duration keepAlive();

  /**
   * For durable channels: stops {@code channel} and opens a new instance over the same storage.
   * Restart tests are not written yet; the memory channel does not support it.
   */
  protected Channel restart(Channel channel) throws Exception {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is not durable");
  }

  /** Makes, starts and tracks a channel for stopping after the test. */
  /** Whether a thread's closed transaction is handed to it again, new, as Flume allows. */
  protected boolean reusesClosedTransactions() {
    return false;
  }

  protected final Channel channel(int capacity, int transactionCapacity) throws Exception {
    Channel c = newChannel(capacity, transactionCapacity);
    c.start();
    opened.add(c);
    return c;
  }

  @AfterEach
  void stopChannels() {
    others.shutdownNow();
    opened.forEach(Channel::stop);
  }

  // ---- round trip and visibility -------------------------------------------------------------

  @Test
  void putCommitTakeKeepsHeadersBodyAndOrder() throws Exception {
    Channel ch = channel(10, 10);
    List<Event> sent = List.of(
        Event.of(Map.of("host", "web-1", "ts", "1"), bytes("first")),
        Event.of(Map.of(), new byte[0]),
        Event.of(Map.of("k", "v"), new byte[] {0, -1, 127, 10}));
    putAll(ch, sent);
    assertEquals(3, ch.size());

    List<Event> got = takeAll(ch, 10);

    assertEquals(3, got.size());
    for (int i = 0; i < sent.size(); i++) {
      assertEquals(sent.get(i).getHeaders(), got.get(i).getHeaders(), "headers of event " + i);
      assertEquals(new String(sent.get(i).getBody(), StandardCharsets.ISO_8859_1),
          new String(got.get(i).getBody(), StandardCharsets.ISO_8859_1), "body of event " + i);
    }
    assertEquals(0, ch.size());
  }

  @Test
  void takeOnEmptyChannelReturnsNull() throws Exception {
    Channel ch = channel(10, 10);
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      assertNull(tx.take());
      tx.commit();
    }
  }

  @Test
  void uncommittedPutsAreInvisibleAndVanishOnRollback() throws Exception {
    Channel ch = channel(10, 10);
    Transaction tx = ch.getTransaction();
    tx.begin();
    tx.put(event("pending"));

    assertNull(inOtherThread(() -> takeOne(ch)), "another thread saw an uncommitted put");
    assertEquals(0, ch.size());

    tx.rollback();
    tx.close();
    assertNull(takeOne(ch));
    assertEquals(0, ch.size());
  }

  @Test
  void rollbackOfTakesRestoresEventsAtTheHeadInOrder() throws Exception {
    Channel ch = channel(10, 10);
    putAll(ch, events("e", 5));
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      assertEquals(List.of("e0", "e1", "e2"), bodies(tx.take(3)));
      tx.rollback();
    }
    assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), bodies(takeAll(ch, 10)));
  }

  @Test
  void takenEventsAreInvisibleToOthersUntilCommitOrRollback() throws Exception {
    Channel ch = channel(10, 10);
    putAll(ch, events("e", 5));
    Transaction tx = ch.getTransaction();
    tx.begin();
    assertEquals(List.of("e0", "e1"), bodies(tx.take(2)));
    assertEquals(5, ch.size(), "taken but uncommitted events are still stored");

    assertEquals("e2", inOtherThread(() -> body(takeOne(ch))));

    tx.rollback();
    tx.close();
    assertEquals(List.of("e0", "e1", "e3", "e4"), bodies(takeAll(ch, 10)));
  }

  @Test
  void committedTakesAreGone() throws Exception {
    Channel ch = channel(10, 10);
    putAll(ch, events("e", 3));
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.take(2);
      tx.commit();
    }
    assertEquals(1, ch.size());
    assertEquals(List.of("e2"), bodies(takeAll(ch, 10)));
  }

  @Test
  void closeWithoutCommitRollsBackPutsAndTakes() throws Exception {
    Channel ch = channel(10, 10);
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.put(event("never"));
    }
    assertEquals(0, ch.size());
    assertNull(takeOne(ch));

    putAll(ch, events("e", 2));
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      assertEquals("e0", body(tx.take()));
    }
    assertEquals(List.of("e0", "e1"), bodies(takeAll(ch, 10)));
  }

  // ---- limits ---------------------------------------------------------------------------------

  @Test
  void fullChannelFailsThePutAfterKeepAliveNamingTheChannel() throws Exception {
    Channel ch = channel(3, 3);
    assertEquals(3, ch.capacity());
    putAll(ch, events("e", 3));

    Transaction tx = ch.getTransaction();
    tx.begin();
    long start = System.nanoTime();
    ChannelFullException full = assertThrows(ChannelFullException.class, () -> {
      tx.put(event("overflow"));
      tx.commit();
    });
    long waitedNanos = System.nanoTime() - start;
    tx.rollback();
    tx.close();

    assertTrue(waitedNanos >= keepAlive().toNanos(),
        "gave up after " + waitedNanos + " ns, before keep-alive " + keepAlive());
    assertTrue(full.getMessage().contains(ch.getName()), full.getMessage());
    assertTrue(full.getMessage().contains("capacity 3"), full.getMessage());
    assertEquals(3, ch.size());

    assertEquals(List.of("e0"), bodies(takeAll(ch, 1)));
    putAll(ch, List.of(event("fits")));
    assertEquals(List.of("e1", "e2", "fits"), bodies(takeAll(ch, 3)));
  }

  @Test
  void transactionCapacityLimitsPutsAndTakes() throws Exception {
    Channel ch = channel(10, 2);
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.put(event("a"));
      tx.put(event("b"));
      ChannelException tooMany = assertThrows(ChannelException.class, () -> tx.put(event("c")));
      assertFalse(tooMany instanceof ChannelFullException, "a full transaction is not a full channel");
      assertTrue(tooMany.getMessage().contains(ch.getName()), tooMany.getMessage());
      assertTrue(tooMany.getMessage().contains("transactionCapacity"), tooMany.getMessage());
      assertTrue(tooMany.getMessage().contains("2 puts"), tooMany.getMessage());
      tx.commit();
    }
    putAll(ch, List.of(event("c")));
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      assertEquals(List.of("a", "b"), bodies(tx.take(2)));
      ChannelException tooMany = assertThrows(ChannelException.class, tx::take);
      assertTrue(tooMany.getMessage().contains("2 takes"), tooMany.getMessage());
      tx.rollback();
    }
    assertEquals(List.of("a", "b"), bodies(takeAll(ch, 2)), "the refused take lost nothing");
    assertEquals(List.of("c"), bodies(takeAll(ch, 2)));
  }

  @Test
  void batchPutsAndTakesRespectTheTransactionCapacity() throws Exception {
    Channel ch = channel(10, 3);
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.put(event("a"));
      ChannelException tooMany = assertThrows(ChannelException.class,
          () -> tx.putAll(List.of(event("b"), event("c"), event("d"))));
      assertTrue(tooMany.getMessage().contains("3 puts"), tooMany.getMessage());
      tx.rollback();
    }
    putAll(ch, List.of(event("a"), event("b"), event("c")));
    putAll(ch, List.of(event("d")));
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      ChannelException tooMany = assertThrows(ChannelException.class, () -> tx.take(4));
      assertTrue(tooMany.getMessage().contains("3 takes"), tooMany.getMessage());
      tx.rollback();
    }
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      assertEquals(List.of("a", "b"), bodies(tx.take(2)));
      assertEquals(List.of("c"), bodies(tx.take(1)), "a second batch continues in order");
      assertThrows(ChannelException.class, () -> tx.take(1));
      tx.commit();
    }
    assertEquals(List.of("d"), bodies(takeAll(ch, 3)), "the refused takes lost nothing");
  }

  @Test
  void batchTakeReturnsWhatIsThereWithoutWaitingForAFullBatch() throws Exception {
    Channel ch = channel(10, 10);
    putAll(ch, events("e", 3));
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      long start = System.nanoTime();
      assertEquals(List.of("e0", "e1", "e2"), bodies(tx.take(10)));
      // Waiting out the keep-alive once per missing event would take 7 keep-alives.
      long waited = System.nanoTime() - start;
      assertTrue(waited < 3 * keepAlive().toNanos(), "a partial batch waited " + waited + " ns");
      assertEquals(List.of(), tx.take(0));
      tx.commit();
    }
    assertEquals(List.of(), takeAll(ch, 10), "all were taken");
  }

  @Test
  void commitNowCommitsWhatFitsAndOtherwiseDeclinesAtOnceChangingNothing() throws Exception {
    Channel ch = channel(3, 3);
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.putAll(events("e", 2));
      assertEquals(ch.canCommitNow(), tx.commitNow(), "a channel that can commit now does, with room");
      if (!ch.canCommitNow()) {
        tx.commit(); // declined, so still open: a commit that may wait finishes it
      }
    }
    assertEquals(2, ch.size());

    Transaction tx = ch.getTransaction();
    tx.begin();
    tx.putAll(events("over", 2));
    long start = System.nanoTime();
    assertFalse(tx.commitNow(), "no room for 2 more");
    long waited = System.nanoTime() - start;
    tx.rollback(); // the declined transaction stayed open
    tx.close();
    assertTrue(waited < keepAlive().toNanos(), "commitNow waited " + waited + " ns");
    assertEquals(List.of("e0", "e1"), bodies(takeAll(ch, 3)), "the declined puts left no trace");
  }

  // ---- transaction rules ----------------------------------------------------------------------

  @Test
  void transactionIsBoundToItsThread() throws Exception {
    Channel ch = channel(10, 10);
    Transaction tx = ch.getTransaction();
    assertSame(tx, ch.getTransaction(), "same thread, same open transaction");
    assertNotSame(tx, inOtherThread(ch::getTransaction));

    tx.begin();
    for (Callable<?> misuse : List.<Callable<?>>of(
        () -> { tx.put(event("x")); return null; },
        tx::take,
        () -> { tx.commit(); return null; },
        () -> { tx.rollback(); return null; },
        () -> { tx.close(); return null; })) {
      Throwable error = assertThrows(ExecutionException.class,
          () -> others.submit(misuse).get(WAIT.toSeconds(), TimeUnit.SECONDS)).getCause();
      assertInstanceOf(IllegalStateException.class, error);
      assertTrue(error.getMessage().contains("thread"), error.getMessage());
    }
    tx.put(event("mine"));
    tx.commit();
    tx.close();

    Transaction next = ch.getTransaction();
    if (reusesClosedTransactions()) {
      assertSame(tx, next, "a closed transaction is handed to its thread again");
      next.begin(); // new again
      next.close();
    } else {
      assertNotSame(tx, next, "a closed transaction is replaced");
    }
    assertEquals(1, ch.size());
  }

  @Test
  void operationsOutOfOrderAreRejected() throws Exception {
    Channel ch = channel(10, 10);
    Transaction tx = ch.getTransaction();
    assertMisuse("begin()", () -> tx.put(event("early")));
    assertMisuse("begin()", tx::take);
    assertMisuse("begin()", tx::commit);
    assertMisuse("begin()", tx::rollback);
    tx.begin();
    assertMisuse("begin", tx::begin);
    tx.put(event("x"));
    tx.commit();
    assertMisuse("commit", tx::commit);
    assertMisuse("rollback", tx::rollback);
    assertMisuse("put", () -> tx.put(event("late")));
    tx.close();
    tx.close();
    assertMisuse("closed", tx::begin);
    assertEquals(1, ch.size());
  }

  @Test
  void closeOfUnbegunTransactionIsHarmless() throws Exception {
    Channel ch = channel(10, 10);
    ch.getTransaction().close();
    putAll(ch, List.of(event("after")));
    assertEquals(List.of("after"), bodies(takeAll(ch, 10)));
  }

  // ---- concurrency ----------------------------------------------------------------------------

  @Test
  void concurrentProducersAndConsumersLoseAndDuplicateNothing() throws Exception {
    int producers = 4;
    int perProducer = 2_000;
    int consumers = 3;
    int batch = 10;
    Channel ch = channel(50, batch);
    int total = producers * perProducer;
    AtomicInteger consumed = new AtomicInteger();
    ConcurrentLinkedQueue<List<String>> batches = new ConcurrentLinkedQueue<>();

    List<Future<?>> work = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      String prefix = "p" + p;
      work.add(others.submit(() -> produce(ch, prefix, perProducer, batch)));
    }
    for (int c = 0; c < consumers; c++) {
      work.add(others.submit(() -> consume(ch, batch, total, consumed, batches)));
    }
    for (Future<?> f : work) {
      f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    Set<String> seen = new HashSet<>();
    for (List<String> b : batches) {
      Map<String, Integer> lastSeqByProducer = new HashMap<>();
      for (String id : b) {
        assertTrue(seen.add(id), "duplicate " + id);
        String producer = id.substring(0, id.indexOf('-'));
        int seq = Integer.parseInt(id.substring(id.indexOf('-') + 1));
        Integer last = lastSeqByProducer.put(producer, seq);
        assertTrue(last == null || last < seq, "batch out of order: " + b);
      }
    }
    assertEquals(total, seen.size(), "events lost");
    assertEquals(0, ch.size());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Void produce(Channel ch, String prefix, int count, int batch) {
    for (int next = 0; next < count; ) {
      int n = Math.min(batch, count - next);
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        for (int i = 0; i < n; i++) {
          tx.put(event(prefix + "-" + (next + i)));
        }
        tx.commit();
        next += n;
      } catch (ChannelFullException full) {
        // close() rolled back; retry the same batch, as a source would.
      }
    }
    return null;
  }

  private Void consume(Channel ch, int batch, int total, AtomicInteger consumed,
      ConcurrentLinkedQueue<List<String>> batches) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (consumed.get() < total && System.nanoTime() < deadline) {
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        List<String> got = bodies(tx.take(batch));
        tx.commit();
        if (!got.isEmpty()) {
          batches.add(got);
          consumed.addAndGet(got.size());
        }
      }
    }
    return null;
  }

  private <T> T inOtherThread(Callable<T> work) throws Exception {
    return others.submit(work).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static void assertMisuse(String expectedWord, Executable call) {
    IllegalStateException e = assertThrows(IllegalStateException.class, call);
    assertTrue(e.getMessage().contains(expectedWord), e.getMessage());
  }

  protected static void putAll(Channel ch, List<Event> events) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.putAll(events);
      tx.commit();
    }
  }

  public static List<Event> takeAll(Channel ch, int max) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      List<Event> got = tx.take(max);
      tx.commit();
      return got;
    }
  }

  protected static Event takeOne(Channel ch) {
    List<Event> got = takeAll(ch, 1);
    return got.isEmpty() ? null : got.get(0);
  }

  protected static Event event(String body) {
    return Event.of(Map.of("id", body), bytes(body));
  }

  protected static List<Event> events(String prefix, int n) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(event(prefix + i));
    }
    return out;
  }

  protected static String body(Event e) {
    return e == null ? null : new String(e.getBody(), StandardCharsets.UTF_8);
  }

  protected static List<String> bodies(List<Event> events) {
    return events.stream().map(ChannelContractTest::body).toList();
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
