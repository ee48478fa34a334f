package io.sluice.core.channel.memory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.api.OversizedBatchException;
import io.sluice.api.Transaction;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.spi.ComponentKind;
import io.sluice.core.channel.ChannelContractTest;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.runtime.NamedThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryChannelTest extends ChannelContractTest {
  private static final Duration KEEP_ALIVE = Duration.ofMillis(50);
  private static final String PREFIX = "a1.channels.c1.";

  private final MetricsRegistry metrics = new MetricsRegistry();
  private final MemoryChannelFactory factory = new MemoryChannelFactory();
  private final ExecutorService pool = Executors.newCachedThreadPool(new NamedThreadFactory("mem-test"));

  @Override
  protected Channel newChannel(int capacity, int transactionCapacity) {
    return memory(new MemoryChannelConfig(capacity, transactionCapacity, 0, 20, KEEP_ALIVE));
  }

  @Override
  protected Duration keepAlive() {
    return KEEP_ALIVE;
  }

  @Override
  protected boolean reusesClosedTransactions() {
    return true;
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private MemoryChannel memory(MemoryChannelConfig config) {
    return new MemoryChannel(config, DefaultComponentContext
        .builder("a1", "c1", metrics.group("CHANNEL.c1")).build());
  }

  // ---- batch take -------------------------------------------------------------------------------

  @Test
  void partialBatchTakeWaitsOnlyForTheFirstEvent() {
    MemoryChannel ch = memory(new MemoryChannelConfig(100, 100, 0, 20, Duration.ofSeconds(10)));
    putAll(ch, List.of(body(1), body(2), body(3)));
    long start = System.nanoTime();
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      assertEquals(3, tx.take(100).size());
      tx.commit();
    }
    // Waiting the keep-alive per missing event would take 97 x 10 s.
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
  }

  @Test
  void lingeringBatchTakeIsWokenOnceItsBatchIsComplete() throws Exception {
    MemoryChannel ch = memory(new MemoryChannelConfig(100, 100, 0, 20, Duration.ofSeconds(10),
        Duration.ofSeconds(30)));
    putAll(ch, List.of(body(1), body(2), body(3)));
    Future<List<Event>> taken = pool.submit(() -> takeAll(ch, 10));
    await().atMost(Duration.ofSeconds(10)).until(() -> ch.lingeringTakers() == 1);
    putAll(ch, List.of(body(4), body(5), body(6)));
    assertEquals(1, ch.lingeringTakers()); // 6 of 10: not woken yet
    putAll(ch, List.of(body(7), body(8), body(9), body(10), body(11)));
    // Far sooner than the 30 s linger: the commit that completed the batch woke the taker.
    List<Event> got = taken.get(10, TimeUnit.SECONDS);
    assertEquals(10, got.size());
    assertArrayEquals(body(1).getBody(), got.get(0).getBody());
    assertArrayEquals(body(10).getBody(), got.get(9).getBody());
    assertEquals(1, ch.size()); // the 11th stays
  }

  @Test
  void lingeringBatchTakeTakesWhatIsThereWhenTheLingerEnds() {
    Duration linger = Duration.ofMillis(150);
    MemoryChannel ch = memory(new MemoryChannelConfig(100, 100, 0, 20, Duration.ofSeconds(10),
        linger));
    putAll(ch, List.of(body(1), body(2), body(3)));
    long start = System.nanoTime();
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      assertEquals(3, tx.take(100).size());
      tx.commit();
    }
    long waited = System.nanoTime() - start;
    assertTrue(waited >= linger.toNanos(), "returned after " + waited + " ns");
    assertTrue(waited < Duration.ofSeconds(5).toNanos(), "returned after " + waited + " ns");
  }

  @Test
  void noLingerTakesAPartialBatchAtOnce() throws Exception {
    MemoryChannel ch = memory(new MemoryChannelConfig(100, 100, 0, 20, Duration.ofSeconds(10),
        Duration.ZERO));
    putAll(ch, List.of(body(1), body(2)));
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        assertEquals(2, tx.take(100).size());
        tx.commit();
      }
    });
  }

  @Test
  void aTakeDoesNotLingerForABatchTheChannelCannotHold() throws Exception {
    MemoryChannel ch = memory(new MemoryChannelConfig(10, 10, 0, 20, Duration.ofSeconds(10),
        Duration.ofSeconds(30)));
    putAll(ch, List.of(body(1), body(2), body(3), body(4), body(5), body(6), body(7), body(8)));
    Transaction other = ch.getTransaction();
    other.begin();
    assertEquals(3, other.take(3).size());
    // 5 queued, 3 held by the open take, 2 slots free: 10 can never be queued at once.
    Future<Integer> taken = pool.submit(() -> takeAll(ch, 10).size());
    assertEquals(5, taken.get(10, TimeUnit.SECONDS));
    other.commit();
    other.close();
  }

  @Test
  void aCommitWaitingForRoomEndsALinger() throws Exception {
    MemoryChannel ch = memory(new MemoryChannelConfig(10, 10, 0, 20, Duration.ofSeconds(30),
        Duration.ofSeconds(30)));
    putAll(ch, List.of(body(1), body(2), body(3), body(4), body(5), body(6)));
    Future<Integer> taker = pool.submit(() -> takeAll(ch, 10).size());
    await().atMost(Duration.ofSeconds(10)).until(() -> ch.lingeringTakers() == 1);
    // 6 held + 5 > capacity 10: this commit waits for room, which only the lingering take frees.
    Future<?> producer = pool.submit(
        () -> putAll(ch, List.of(body(7), body(8), body(9), body(10), body(11))));
    assertEquals(6, taker.get(10, TimeUnit.SECONDS));
    producer.get(10, TimeUnit.SECONDS);
    assertEquals(5, ch.size());
  }

  @Test
  void aRolledBackTakeWakesALingeringTaker() throws Exception {
    MemoryChannel ch = memory(new MemoryChannelConfig(100, 100, 0, 20, Duration.ofSeconds(10),
        Duration.ofSeconds(30)));
    putAll(ch, List.of(body(1), body(2), body(3), body(4)));
    Transaction first = ch.getTransaction();
    first.begin();
    assertEquals(3, first.take(3).size());
    Future<Integer> second = pool.submit(() -> takeAll(ch, 4).size());
    await().atMost(Duration.ofSeconds(10)).until(() -> ch.lingeringTakers() == 1);
    first.rollback();
    first.close();
    assertEquals(4, second.get(10, TimeUnit.SECONDS));
  }

  // ---- byteCapacity ---------------------------------------------------------------------------

  @Test
  void byteCapacityLessItsBufferBoundsBodyBytes() {
    // 1000 bytes with 20% kept for headers: 800 body bytes usable.
    MemoryChannel ch = memory(new MemoryChannelConfig(100, 100, 1000, 20, KEEP_ALIVE));
    putAll(ch, List.of(body(500), body(300)));

    Transaction tx = ch.getTransaction();
    tx.begin();
    tx.put(body(1));
    ChannelFullException full = assertThrows(ChannelFullException.class, tx::commit);
    tx.close();
    assertTrue(full.getMessage().contains("channel c1"), full.getMessage());
    assertTrue(full.getMessage().contains("byteCapacity 1000"), full.getMessage());
    assertTrue(full.getMessage().contains("800 body bytes usable"), full.getMessage());
    assertEquals(2, ch.size());

    // Headers are not counted.
    putAll(ch, List.of(Event.of(Map.of("big", "x".repeat(10_000)), new byte[0])));
    assertEquals(3, ch.size());

    assertEquals(500, takeAll(ch, 1).get(0).getBody().length);
    putAll(ch, List.of(body(500)));
    assertEquals(3, ch.size());
  }

  @Test
  void takenBytesAreFreedOnlyByCommit() {
    MemoryChannel ch = memory(new MemoryChannelConfig(100, 100, 100, 0, KEEP_ALIVE));
    putAll(ch, List.of(body(100)));
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.take();
      // Same transaction: the take's bytes are freed by the commit that adds the put's.
      tx.put(body(100));
      tx.commit();
    }
    assertEquals(1, ch.size());
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.take();
      tx.rollback();
    }
    assertThrows(ChannelFullException.class, () -> putAll(ch, List.of(body(1))));
  }

  @Test
  void transactionLargerThanTheWholeByteBudgetFailsWithoutWaiting() {
    MemoryChannel ch = memory(new MemoryChannelConfig(100, 100, 100, 20, Duration.ofMinutes(5)));
    OversizedBatchException never = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(OversizedBatchException.class, () -> putAll(ch, List.of(body(81)))));
    assertTrue(never.getMessage().contains("more than its whole usable byte budget of 80"),
        never.getMessage());
    // a caller that never waits hears the same, not "no room now", which it would retry forever
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.put(body(81));
      OversizedBatchException now = assertThrows(OversizedBatchException.class, tx::commitNow);
      assertEquals(never.getMessage(), now.getMessage());
    }
    putAll(ch, List.of(body(80)));
    assertEquals(1, ch.size());
  }

  @Test
  void zeroByteCapacityMeansUnlimited() {
    MemoryChannel ch = memory(new MemoryChannelConfig(10, 10, 0, 20, KEEP_ALIVE));
    putAll(ch, List.of(body(8 << 20), body(8 << 20)));
    assertEquals(2, ch.size());
  }

  // ---- reused transactions -------------------------------------------------------------------

  private static Transaction begun(Channel ch) {
    Transaction tx = ch.getTransaction();
    tx.begin();
    return tx;
  }

  @Test
  void aReusedTransactionAfterARollbackHoldsNothingOfIt() {
    MemoryChannel ch = memory(new MemoryChannelConfig(10, 10, 0, 20, KEEP_ALIVE));
    putAll(ch, events("e", 2));
    Transaction first = begun(ch);
    assertEquals(List.of("e0", "e1"), bodies(first.take(5)));
    first.put(event("dropped"));
    first.rollback();
    first.close();

    Transaction next = ch.getTransaction();
    assertSame(first, next);
    next.begin();
    next.put(event("kept"));
    next.commit();
    next.close();
    // The rolled-back takes are back at the head once, the rolled-back put is gone.
    assertEquals(List.of("e0", "e1", "kept"), bodies(takeAll(ch, 10)));
  }

  @Test
  void aReusedTransactionAfterAFailedCommitHoldsNothingOfIt() {
    MemoryChannel ch = memory(new MemoryChannelConfig(2, 2, 0, 20, KEEP_ALIVE));
    putAll(ch, events("e", 1));
    Transaction first = begun(ch);
    first.putAll(events("over", 2));
    assertThrows(ChannelFullException.class, first::commit);
    first.close(); // still open after the failed commit: rolled back here

    try (Transaction next = ch.getTransaction()) {
      assertSame(first, next);
      next.begin();
      next.put(event("fits"));
      next.commit();
    }
    assertEquals(List.of("e0", "fits"), bodies(takeAll(ch, 2)));
    assertEquals(0, ch.size());
  }

  @Test
  void eachThreadReusesOnlyItsOwnTransaction() throws Exception {
    MemoryChannel ch = memory(new MemoryChannelConfig(1000, 10, 0, 20, KEEP_ALIVE));
    Transaction mine = ch.getTransaction();
    mine.close();
    Future<List<Transaction>> others = pool.submit(() -> {
      Transaction a = ch.getTransaction();
      a.begin();
      a.put(event("other"));
      a.commit();
      a.close();
      return List.of(a, ch.getTransaction());
    });
    List<Transaction> theirs = others.get(20, TimeUnit.SECONDS);
    assertSame(theirs.get(0), theirs.get(1), "the other thread's closed transaction is reused by it");
    assertNotSame(mine, theirs.get(0));
    assertSame(mine, ch.getTransaction(), "this thread's is still its own");
    // The other thread's transaction stays bound to it, even reused.
    assertThrows(IllegalStateException.class, () -> theirs.get(1).begin());
    assertEquals(List.of("other"), bodies(takeAll(ch, 10)));
  }

  @Test
  void aClosedTransactionCannotBeTrackedEvenIfItWillBeReused() {
    MemoryChannel ch = memory(new MemoryChannelConfig(10, 10, 0, 20, KEEP_ALIVE));
    Transaction tx = ch.getTransaction();
    tx.begin();
    tx.put(event("x"));
    tx.commit();
    tx.close();
    assertThrows(IllegalArgumentException.class, () -> ch.track(tx));
    assertSame(tx, ch.getTransaction());
    tx.begin();
    ch.track(tx); // new again: its own, open
    tx.rollback();
    tx.close();
  }

  // ---- keep-alive -----------------------------------------------------------------------------

  @Test
  void blockedCommitSucceedsWhenAConsumerFreesRoomWithinKeepAlive() throws Exception {
    MemoryChannel ch = memory(new MemoryChannelConfig(2, 2, 0, 20, Duration.ofSeconds(30)));
    putAll(ch, events("e", 2));
    AtomicReference<Thread> producer = new AtomicReference<>();
    Future<?> blocked = pool.submit(() -> {
      producer.set(Thread.currentThread());
      putAll(ch, List.of(event("late")));
      return null;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> producer.get() != null
        && producer.get().getState() == Thread.State.TIMED_WAITING);
    assertEquals(2, ch.size(), "the waiting commit must not be applied yet");

    assertEquals(List.of("e0"), bodies(takeAll(ch, 1)));

    blocked.get(20, TimeUnit.SECONDS);
    assertEquals(List.of("e1", "late"), bodies(takeAll(ch, 2)));
  }

  @Test
  void blockedTakeReturnsAnEventCommittedWithinKeepAlive() throws Exception {
    MemoryChannel ch = memory(new MemoryChannelConfig(10, 10, 0, 20, Duration.ofSeconds(30)));
    AtomicReference<Thread> consumer = new AtomicReference<>();
    Future<Event> taken = pool.submit(() -> {
      consumer.set(Thread.currentThread());
      return takeOne(ch);
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> consumer.get() != null
        && consumer.get().getState() == Thread.State.TIMED_WAITING);

    putAll(ch, List.of(event("wake")));

    assertEquals("wake", body(taken.get(20, TimeUnit.SECONDS)));
    assertEquals(0, ch.size());
  }

  @Test
  void interruptedTakeFailsAndKeepsTheInterruptFlag() throws Exception {
    MemoryChannel ch = memory(new MemoryChannelConfig(10, 10, 0, 20, Duration.ofMinutes(5)));
    Future<String> outcome = pool.submit(() -> {
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        Thread.currentThread().interrupt();
        ChannelException e = assertThrows(ChannelException.class, tx::take);
        return e.getMessage() + " / interrupted=" + Thread.interrupted();
      }
    });
    assertEquals("channel c1: interrupted while waiting for an event / interrupted=true",
        outcome.get(20, TimeUnit.SECONDS));
  }

  // ---- metrics --------------------------------------------------------------------------------

  @Test
  void countsUnderFlumeNames() {
    MemoryChannel ch = memory(new MemoryChannelConfig(4, 4, 0, 20, KEEP_ALIVE));
    putAll(ch, events("e", 3));
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.put(event("rolled-back"));
    }
    takeAll(ch, 2);
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      tx.take();
    }

    assertEquals(4, value("EventPutAttemptCount"));
    assertEquals(3, value("EventPutSuccessCount"));
    assertEquals(3, value("EventTakeAttemptCount"));
    assertEquals(2, value("EventTakeSuccessCount"));
    assertEquals(1, value("ChannelSize"));
    assertEquals(4, value("ChannelCapacity"));
    assertEquals(25, value("ChannelFillPercentage"));
  }

  private long value(String name) {
    return metrics.value("CHANNEL.c1", name);
  }

  // ---- configuration --------------------------------------------------------------------------

  @Test
  void defaultsAreFlumes() {
    MemoryChannelConfig c = configure(Map.of());
    assertEquals(100, c.capacity());
    assertEquals(100, c.transactionCapacity());
    assertEquals(Runtime.getRuntime().maxMemory() / 10 * 8, c.byteCapacity());
    assertEquals(20, c.byteCapacityBufferPercentage());
    assertEquals(Duration.ofSeconds(3), c.keepAlive());
    assertEquals(Duration.ofMillis(1), c.takeLinger());
  }

  @Test
  void takeLingerIsInMillisecondsWithFractions() {
    assertEquals(Duration.ofNanos(250_000),
        configure(Map.of("takeLingerMillis", "0.25")).takeLinger());
    assertEquals(Duration.ZERO, configure(Map.of("takeLingerMillis", "0")).takeLinger());
  }

  @Test
  void keysAreParsed() {
    MemoryChannelConfig c = configure(Map.of("capacity", "10000", "transactionCapacity", "500",
        "byteCapacity", "800000", "byteCapacityBufferPercentage", "10", "keep-alive", "0.25"));
    assertEquals(new MemoryChannelConfig(10_000, 500, 800_000, 10, Duration.ofMillis(250)), c);
    assertEquals(720_000, c.usableBodyBytes());
  }

  @Test
  void transactionCapacityAboveCapacityIsRejectedNamingBoth() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> configure(Map.of("capacity", "100", "transactionCapacity", "200")));
    assertEquals(List.of(new ConfigProblem("transactionCapacity",
        "transactionCapacity 200 must not exceed capacity 100")), e.problems());
  }

  @Test
  void outOfRangeValuesAreAllReported() {
    ConfigParser.Result r = ConfigParser.parse(factory.configDef(), Map.of(
        "capacity", "0",
        "transactionCapacity", "0",
        "byteCapacity", "-1",
        "byteCapacityBufferPercentage", "101",
        "keep-alive", "-2",
        "takeLingerMillis", "-1"), PREFIX);
    assertEquals(Map.of(
        PREFIX + "capacity", "'0' must be at least 1",
        PREFIX + "transactionCapacity", "'0' must be at least 1",
        PREFIX + "byteCapacity", "'-1' must be at least 0",
        PREFIX + "byteCapacityBufferPercentage", "'101' must be between 0 and 100",
        PREFIX + "keep-alive", "'-2' must be at least 0",
        PREFIX + "takeLingerMillis", "'-1' must be between 0 and 1000"),
        r.problems().stream().collect(Collectors.toMap(
            ConfigProblem::key, ConfigProblem::message)));
  }

  @Test
  void malformedAndMisspelledKeysAreReported() {
    ConfigParser.Result r = ConfigParser.parse(factory.configDef(),
        Map.of("capacity", "lots", "transactionCapasity", "10"), PREFIX);
    assertEquals(2, r.problems().size(), r.problems().toString());
    assertTrue(r.problems().contains(
        new ConfigProblem(PREFIX + "capacity", "'lots' is not a valid integer")), r.problems().toString());
    ConfigProblem typo = r.problems().stream()
        .filter(p -> p.key().equals(PREFIX + "transactionCapasity")).findFirst().orElseThrow();
    assertTrue(typo.message().contains("transactionCapacity"), typo.message());
  }

  @Test
  void factoryIsRegisteredUnderFlumeNames() {
    ComponentRegistry registry = ComponentRegistry.fromContextClassLoader();
    for (String name : List.of("memory", "MEMORY", "org.apache.flume.channel.MemoryChannel",
        MemoryChannel.class.getName())) {
      ComponentRegistry.Lookup found = registry.lookup(ComponentKind.CHANNEL, name);
      assertTrue(found.found(), name + ": " + found.error());
      assertInstanceOf(MemoryChannelFactory.class, found.factory());
    }
  }

  @Test
  void factoryMakesAWorkingChannel() throws Exception {
    Channel ch = factory.create(configure(Map.of("capacity", "5", "transactionCapacity", "5")),
        DefaultComponentContext.builder("a1", "c9", metrics.group("CHANNEL.c9")).build());
    assertEquals("c9", ch.getName());
    assertEquals(5, ch.capacity());
    putAll(ch, List.of(event("x")));
    assertEquals(1, metrics.value("CHANNEL.c9", "ChannelSize"));
  }

  private MemoryChannelConfig configure(Map<String, String> raw) {
    ConfigParser.Result r = ConfigParser.parse(factory.configDef(), raw, PREFIX);
    assertTrue(r.ok(), r.problems().toString());
    return factory.configure(r.values());
  }

  private static Event body(int size) {
    return Event.of(new byte[size]);
  }
}
