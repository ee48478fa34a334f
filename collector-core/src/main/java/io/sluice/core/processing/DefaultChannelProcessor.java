package io.sluice.core.processing;

import io.sluice.api.Channel;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.ChannelSelector;
import io.sluice.api.DeliveryReceipt;
import io.sluice.api.DeliveryTracking;
import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.Lifecycle;
import io.sluice.api.OversizedBatchException;
import io.sluice.api.PartlyFailedException;
import io.sluice.api.PartlyPutException;
import io.sluice.api.Transaction;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.processing.selector.ReplicatingChannelSelector;
import io.sluice.core.runtime.NamedThreadFactory;
import io.sluice.rpc.server.WarnThrottle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel processor of one source: runs the interceptor chain, asks the selector for each
 * event's channels, then puts each channel's share of the batch in one transaction on that channel.
 *
 * <p>Order of work per batch: every required channel, one after the other (the first failure stops
 * the batch with a {@link ChannelException} naming the source and channel), then every optional
 * channel (failures are logged and counted, never thrown).
 *
 * <p><b>No atomicity across channels</b> (as in Flume): each channel commits on its own. If a later
 * required channel fails after an earlier one committed, the source reports failure, its sender
 * retries, and the earlier channel receives the events twice. Delivery is at-least-once, never
 * exactly-once; downstream deduplication (e.g. the {@code uuid} interceptor) is the remedy. The
 * one failure known before any put is a batch that some required channel can never take (more
 * events than its {@code transactionCapacity}, more body bytes than its whole byte budget): with
 * several required channels it is checked against each first and goes into none.
 *
 * <p>A full required channel is reported as a {@link ChannelFullException} (its message names the
 * source and channel, its cause is the channel's own exception), so a source can tell "full, retry
 * later" apart from other failures, e.g. the Avro source answering {@code FAILED}.
 *
 * <p>Events for which the selector returns no channel at all (a multiplexing selector without a
 * default) are dropped, as in Flume, but counted as {@value #UNROUTED}.
 *
 * <p>Once a batch is in every required channel, the age of its events (from their
 * {@code timestamp} header) is recorded at stage {@code commit}.
 *
 * <p>Interceptors that are {@link PutOutcomeListener}s hear, per batch, which of their events are
 * in a channel and which are in none (refused, failed, or routed nowhere).
 *
 * <p>{@link #tryProcessEventBatchNow} commits without waiting only in the simplest shape: a
 * replicating selector with one required channel that {@linkplain Channel#canCommitNow() can commit
 * now}, no optional channel, and only non-blocking interceptors; any other shape always declines.
 *
 * <p>A failing optional channel fails every batch alike, so its warnings go through a {@link
 * WarnThrottle}: the first few per interval with their stack trace, then one line with the count.
 *
 * <p>Thread-safe: it holds no mutable state besides the chain's lifecycle and the throttle;
 * several source threads may call {@link #processEventBatch} at once (channels give each thread its
 * own transaction). {@link #start()} / {@link #stop()} start and stop the interceptors; {@code
 * stop()} also logs the warnings still held back and stops the summaries' thread.
 */
public final class DefaultChannelProcessor implements ChannelProcessor, Lifecycle {
  /** Events an interceptor dropped. */
  public static final String INTERCEPTOR_DROPPED = "EventInterceptorDroppedCount";
  /** Events the selector sent to no channel. */
  public static final String UNROUTED = "EventUnroutedCount";
  /** Failed puts (whole per-channel batches) on required channels. */
  public static final String REQUIRED_FAILURES = "RequiredChannelFailureCount";
  /** Failed puts (whole per-channel batches) on optional channels, which were ignored. */
  public static final String OPTIONAL_FAILURES = "OptionalChannelFailureCount";

  private static final Logger LOG = LoggerFactory.getLogger(DefaultChannelProcessor.class);
  /** As the Avro source's: 10 warnings per interval are logged one by one, the rest summed up. */
  static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

  private final String sourceName;
  private final ChannelSelector selector;
  private final InterceptorChain interceptors;
  private final ComponentMetrics.Counter interceptorDropped;
  private final ComponentMetrics.Counter unrouted;
  private final ComponentMetrics.Counter requiredFailures;
  private final ComponentMetrics.Counter optionalFailures;
  private final ComponentMetrics.EventAges commitAges;
  // The one channel a batch may be committed to without waiting, or null when none can be.
  private final Channel nowChannel;
  /** The smallest transactionCapacity among the selector's channels. */
  private final int maxBatchEvents;
  /** Runs the throttle's end-of-interval summaries; its one thread exists only while needed. */
  private final ScheduledThreadPoolExecutor summaries;
  private final WarnThrottle optionalWarnings;

  /**
   * @param sourceName the owning source, named in errors and logs
   * @param interceptors applied in list order
   * @param metrics where the counters above are kept (usually the source's own group)
   */
  public DefaultChannelProcessor(
      String sourceName,
      ChannelSelector selector,
      List<Interceptor> interceptors,
      ComponentMetrics metrics) {
    this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    this.selector = Objects.requireNonNull(selector, "selector");
    this.interceptors = new InterceptorChain(sourceName, interceptors);
    this.interceptorDropped = metrics.counter(INTERCEPTOR_DROPPED);
    this.unrouted = metrics.counter(UNROUTED);
    this.requiredFailures = metrics.counter(REQUIRED_FAILURES);
    this.optionalFailures = metrics.counter(OPTIONAL_FAILURES);
    this.commitAges = metrics.eventAges(ComponentMetrics.AgeStage.COMMIT);
    this.nowChannel = nowChannel(selector, this.interceptors);
    this.maxBatchEvents = selector.getAllChannels().stream()
        .mapToInt(Channel::transactionCapacity).min().orElse(Integer.MAX_VALUE);
    this.summaries = summaries(sourceName);
    this.optionalWarnings = new WarnThrottle(LOG, "failed puts into optional channels",
        summaries, WARN_INTERVAL);
  }

  /**
   * Its thread starts with the first summary scheduled and ends when idle, so the many sources
   * whose optional channels never fail cost no thread.
   */
  private static ScheduledThreadPoolExecutor summaries(String sourceName) {
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1,
        new NamedThreadFactory(sourceName + "-warning-summaries"));
    s.setKeepAliveTime(WARN_INTERVAL.toMillis() * 2, TimeUnit.MILLISECONDS);
    s.allowCoreThreadTimeOut(true);
    s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return s;
  }

  /**
   * Only a lone required channel: with several, a later one without room would find the earlier
   * ones committed, and the fallback would put the batch into them twice.
   */
  private static Channel nowChannel(ChannelSelector selector, InterceptorChain interceptors) {
    if (!(selector instanceof ReplicatingChannelSelector same) || !interceptors.nonBlocking()
        || same.required().size() != 1 || !same.optional().isEmpty()) {
      return null;
    }
    Channel only = same.required().get(0);
    return only.canCommitNow() ? only : null;
  }

  @Override
  public void start() throws Exception {
    interceptors.start();
  }

  @Override
  public void stop() {
    try {
      interceptors.stop();
    } finally {
      summaries.shutdownNow();
      optionalWarnings.reportHeldBack();
    }
  }

  @Override
  public void processEvent(Event event) {
    processEventBatch(List.of(Objects.requireNonNull(event, "event")));
  }

  @Override
  public void processEventBatch(List<Event> events) {
    process(events, false);
  }

  @Override
  public int maxBatchEvents() {
    return maxBatchEvents;
  }

  /**
   * Runs the interceptors and commits to the lone channel with {@link Transaction#commitNow()}.
   * When that declines, the caller's fallback runs the interceptors again on the same events,
   * which {@link Interceptor#nonBlocking()} allows; their drops are counted once, by whichever
   * run committed.
   */
  @Override
  public boolean tryProcessEventBatchNow(List<Event> events) {
    Objects.requireNonNull(events, "events");
    if (nowChannel == null) {
      return false;
    }
    List<Event> kept = interceptors.intercept(events);
    boolean committed;
    try {
      committed = kept.isEmpty() || required(nowChannel, kept, () -> putNow(nowChannel, kept));
    } catch (RuntimeException e) {
      interceptors.refused(kept);
      throw e;
    }
    if (committed) {
      interceptorDropped.add(events.size() - kept.size());
      commitAges.record(kept);
      interceptors.committed(kept);
    }
    return committed; // when declined, the fallback's run of the chain reports the outcome
  }

  @Override
  public DeliveryReceipt processEventBatchTracked(List<Event> events) {
    return DeliveryReceipt.allOf(process(events, true));
  }

  /** Puts the batch; with {@code track}, returns each required channel's receipt. */
  private List<DeliveryReceipt> process(List<Event> events, boolean track) {
    Objects.requireNonNull(events, "events");
    List<Event> kept = interceptors.intercept(events);
    interceptorDropped.add(events.size() - kept.size());
    // The untracked path, every Avro call's, allocates nothing for receipts.
    List<DeliveryReceipt> receipts = track ? new ArrayList<>(2) : List.of();
    if (selector instanceof ReplicatingChannelSelector same && !kept.isEmpty()) {
      // Every event goes to the same channels: hand the whole batch over without sorting it.
      List<Channel> req = same.required();
      List<Channel> opt = same.optional();
      boolean nowhere = req.isEmpty() && opt.isEmpty();
      if (nowhere) {
        unrouted.add(kept.size());
      }
      putAllRequired(kept, 0, req.size(), i -> refuseIfNeverFits(req.get(i), kept),
          i -> collect(receipts, putRequired(req.get(i), kept, track)), !track, () -> {
            opt.forEach(c -> putOptional(c, kept));
            if (!nowhere) {
              commitAges.record(kept); // events routed nowhere were never committed
            }
          });
      if (nowhere) {
        interceptors.refused(kept);
      } else {
        interceptors.committed(kept);
      }
      return receipts;
    }
    Map<Channel, List<Event>> required = new LinkedHashMap<>();
    Map<Channel, List<Event>> optional = new LinkedHashMap<>();
    List<Event> routed = new ArrayList<>(kept.size());
    List<Event> nowhere = new ArrayList<>(0);
    for (Event event : kept) {
      List<Channel> req = selector.getRequiredChannels(event);
      List<Channel> opt = selector.getOptionalChannels(event);
      if (req.isEmpty() && opt.isEmpty()) {
        unrouted.increment();
        nowhere.add(event);
        continue;
      }
      routed.add(event);
      req.forEach(c -> required.computeIfAbsent(c, x -> new ArrayList<>()).add(event));
      opt.forEach(c -> optional.computeIfAbsent(c, x -> new ArrayList<>()).add(event));
    }
    interceptors.refused(nowhere);
    List<Map.Entry<Channel, List<Event>>> puts = List.copyOf(required.entrySet());
    putAllRequired(routed, 0, puts.size(),
        i -> refuseIfNeverFits(puts.get(i).getKey(), puts.get(i).getValue()), i -> collect(receipts,
        putRequired(puts.get(i).getKey(), puts.get(i).getValue(), track)), !track, () -> {
          optional.forEach(this::putOptional);
          commitAges.record(routed);
        });
    interceptors.committed(routed);
    return receipts;
  }

  /**
   * Runs the required puts {@code from} to {@code count} in order, then {@code after}; when one
   * fails, tells the interceptors that listen whether {@code events} are in no channel (the first
   * put failed) or some (a later one did: a sender that retries makes those duplicates, as above).
   * When a later one refused it (full: {@link PartlyPutException}; failed otherwise: {@link
   * PartlyFailedException}) and the batch is {@code resumable}, the exception resumes from that
   * put, so a source retrying by itself puts the batch only where it is missing. Before the first
   * put, {@code fits} checks every one: a batch that some required channel can never take goes
   * into none, so that the sender's smaller retries are nowhere duplicates.
   */
  private void putAllRequired(List<Event> events, int from, int count, IntConsumer fits,
      IntConsumer put, boolean resumable, Runnable after) {
    int done = from;
    try {
      if (from == 0 && count > 1) { // a lone channel refuses by itself, naming its key
        for (int i = 0; i < count; i++) {
          fits.accept(i);
        }
      }
      for (; done < count; done++) {
        put.accept(done);
      }
    } catch (RuntimeException e) {
      if (done == 0) {
        interceptors.refused(events);
      } else if (from == 0) {
        interceptors.committed(events); // once: a resumed put already said so
      }
      if (resumable && done > 0 && !(e instanceof OversizedBatchException)) {
        int next = done;
        Runnable rest = () -> putAllRequired(events, next, count, fits, put, true, after);
        if (e instanceof ChannelFullException full) {
          throw new PartlyPutException(full.getMessage(), full.getCause(), rest);
        }
        throw new PartlyFailedException(e.getMessage(), e.getCause(), rest);
      }
      throw e;
    }
    after.run();
  }

  /**
   * Throws, counted, when {@code events} are more than one transaction of the required {@code
   * channel} can ever hold ({@link Channel#transactionCapacity}, {@link
   * Channel#transactionBodyBytes}): no wait makes them fit, and a channel before it must not keep
   * them.
   */
  private void refuseIfNeverFits(Channel channel, List<Event> events) {
    int most = channel.transactionCapacity();
    if (events.size() > most) {
      requiredFailures.increment();
      throw new OversizedBatchException("Source " + sourceName + ": required channel "
          + channel.getName() + " cannot take " + events.size() + " events at once: its"
          + " transactions hold at most " + most + "; none of the source's channels takes them"
          + " (lower the batch size or raise the channel's transactionCapacity)", most);
    }
    long budget = channel.transactionBodyBytes();
    if (budget != Long.MAX_VALUE) {
      long bytes = 0;
      for (Event e : events) {
        bytes += e.getBody().length;
      }
      if (bytes > budget) {
        requiredFailures.increment();
        throw new OversizedBatchException("Source " + sourceName + ": required channel "
            + channel.getName() + " can never take " + events.size() + " event(s) of " + bytes
            + " body bytes at once: more than its whole usable byte budget of " + budget
            + "; none of the source's channels takes them (put fewer events at once or raise the"
            + " channel's byteCapacity)", 0);
      }
    }
  }

  private static void collect(List<DeliveryReceipt> receipts, DeliveryReceipt r) {
    if (r != DeliveryReceipt.DELIVERED) {
      receipts.add(r);
    }
  }

  private DeliveryReceipt putRequired(Channel channel, List<Event> events, boolean track) {
    return required(channel, events, () -> put(channel, events, track));
  }

  /** Runs a put into a required channel, turning its failure into the processor's exceptions. */
  private <T> T required(Channel channel, List<Event> events, Supplier<T> put) {
    try {
      return put.get();
    } catch (ChannelFullException e) {
      requiredFailures.increment();
      ChannelFullException full = new ChannelFullException("Source " + sourceName
          + ": required channel " + channel.getName() + " is full: " + e.getMessage());
      full.initCause(e);
      throw full;
    } catch (OversizedBatchException e) {
      requiredFailures.increment();
      throw new OversizedBatchException("Source " + sourceName + ": required channel "
          + channel.getName() + " cannot take " + events.size() + " event(s) at once: "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      requiredFailures.increment();
      throw new ChannelException("Source " + sourceName + ": required channel "
          + channel.getName() + " failed to accept " + events.size() + " event(s): "
          + e.getMessage(), e);
    }
  }

  private void putOptional(Channel channel, List<Event> events) {
    try {
      put(channel, events, false);
    } catch (RuntimeException e) {
      optionalFailures.increment();
      optionalWarnings.warn("Source {}: optional channel {} failed to accept {} event(s);"
          + " ignored", sourceName, channel.getName(), events.size(), e);
    }
  }

  /** As {@link #put} without waiting: false, rolled back, when the channel has no room now. */
  private static boolean putNow(Channel channel, List<Event> events) {
    try (Transaction tx = channel.getTransaction()) {
      tx.begin();
      tx.putAll(events);
      return tx.commitNow();
    }
  }

  /** One transaction per channel per batch; closing an uncommitted transaction rolls it back. */
  private static DeliveryReceipt put(Channel channel, List<Event> events, boolean track) {
    try (Transaction tx = channel.getTransaction()) {
      tx.begin();
      tx.putAll(events);
      DeliveryReceipt receipt = track && channel instanceof DeliveryTracking tracking
          ? tracking.track(tx) : DeliveryReceipt.DELIVERED;
      tx.commit();
      return receipt;
    }
  }
}
