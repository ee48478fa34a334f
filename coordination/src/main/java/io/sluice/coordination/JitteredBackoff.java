package io.sluice.coordination;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * How long an edge waits before reading ZooKeeper again when many edges may be doing the same:
 * after a reconnect (a random delay in {@code [0, maxJitter)}, so a thousand edges coming back
 * from an outage spread their re-reads instead of all arriving at once) and after a failed read
 * (exponential backoff with jitter).
 *
 * <p>Immutable and thread-safe when its random source is (the default one is).
 */
public final class JitteredBackoff {
  public static final Duration DEFAULT_MAX_JITTER = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RETRY_BASE = ZkClientFactory.BASE_SLEEP;
  public static final Duration DEFAULT_RETRY_CAP = ZkClientFactory.MAX_SLEEP;

  private final Duration maxJitter;
  private final Duration retryBase;
  private final Duration retryCap;
  private final LongUnaryOperator random;

  /**
   * @param maxJitter the re-read after a reconnect waits a random time below this; zero re-reads
   *     at once
   * @param retryBase the longest wait after a first failure
   * @param retryCap the longest wait after any number of failures
   * @param random given a positive bound, a number in {@code [0, bound)}; seedable for tests
   */
  public JitteredBackoff(Duration maxJitter, Duration retryBase, Duration retryCap,
      LongUnaryOperator random) {
    if (maxJitter.isNegative()) {
      throw new IllegalArgumentException("the resync jitter must not be negative: " + maxJitter);
    }
    if (retryBase.toMillis() < 1 || retryCap.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException("retry backoff needs 1 ms <= base <= cap, not base "
          + retryBase + ", cap " + retryCap);
    }
    this.maxJitter = maxJitter;
    this.retryBase = retryBase;
    this.retryCap = retryCap;
    this.random = Objects.requireNonNull(random);
  }

  /** The defaults: 5 s resync jitter, retries from 500 ms up to 30 s. */
  public static JitteredBackoff defaults() {
    return withMaxJitter(DEFAULT_MAX_JITTER);
  }

  /** The default retry backoff with the given resync jitter. */
  public static JitteredBackoff withMaxJitter(Duration maxJitter) {
    return new JitteredBackoff(maxJitter, DEFAULT_RETRY_BASE, DEFAULT_RETRY_CAP,
        bound -> ThreadLocalRandom.current().nextLong(bound));
  }

  /** The same policy drawing from another random source (e.g. a seeded one in tests). */
  public JitteredBackoff withRandom(LongUnaryOperator source) {
    return new JitteredBackoff(maxJitter, retryBase, retryCap, source);
  }

  public Duration maxJitter() {
    return maxJitter;
  }

  /** The wait before re-reading after a reconnect: uniform in {@code [0, maxJitter)}. */
  public Duration resyncDelay() {
    return Duration.ofMillis(draw(maxJitter.toMillis()));
  }

  /**
   * The wait before retrying after {@code failures} failed reads in a row (at least 1): uniform in
   * {@code [bound/2, bound)} with {@code bound = min(cap, base * 2^(failures-1))}. Half of it is
   * fixed so a run of failures never becomes a tight loop; the other half is random so failing
   * edges drift apart.
   */
  public Duration retryDelay(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, not " + failures);
    }
    long base = retryBase.toMillis();
    long cap = retryCap.toMillis();
    // Never shift a bit into the sign: past that the cap has long been reached.
    int shift = Math.min(failures - 1, Long.numberOfLeadingZeros(base) - 1);
    long bound = Math.min(cap, base << shift);
    long half = bound / 2;
    return Duration.ofMillis(half + draw(bound - half));
  }

  private long draw(long bound) {
    if (bound <= 0) {
      return 0;
    }
    long r = random.applyAsLong(bound);
    if (r < 0 || r >= bound) {
      throw new IllegalStateException("random source gave " + r + " for the bound " + bound);
    }
    return r;
  }

  @Override
  public String toString() {
    return "JitteredBackoff[resync jitter " + maxJitter.toMillis() + " ms, retries "
        + retryBase.toMillis() + ".." + retryCap.toMillis() + " ms]";
  }
}
