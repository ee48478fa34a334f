package io.sluice.core.channel;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.api.OversizedBatchException;
import io.sluice.api.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The transaction state machine every channel shares: NEW, then OPEN after {@link #begin()}, then
 * COMMITTED or ROLLED_BACK, then CLOSED. It checks call order and the owning thread and leaves the
 * storage work to the {@code do*} methods. A failed {@link #commit()} leaves the transaction OPEN so
 * the caller can roll it back. {@link #close()} rolls back an OPEN transaction and is idempotent.
 *
 * <p>Thread-confined: every method must be called by the thread that created the transaction,
 * otherwise {@link IllegalStateException}.
 */
public abstract class AbstractTransaction implements Transaction {

  private enum State {
    NEW,
    OPEN,
    COMMITTED,
    ROLLED_BACK,
    CLOSED
  }

  private final ChannelId channel;
  private final ChannelCounters timings;
  private final Thread owner = Thread.currentThread();
  private State state = State.NEW;
  private boolean putSome;
  private boolean tookSome;

  /** A transaction whose commits are not timed (test channels). */
  protected AbstractTransaction(ChannelId channel) {
    this(channel, null);
  }

  /**
   * @param timings where the durations of commits that put or took events are observed; a commit
   *     of nothing (an idle sink's empty take) is not, so idle polling does not drown the timings
   */
  protected AbstractTransaction(ChannelId channel, ChannelCounters timings) {
    this.channel = channel;
    this.timings = timings;
  }

  protected final ChannelId channelId() {
    return channel;
  }

  /** True once closed; the channel then hands the thread a new transaction. */
  public final boolean isClosed() {
    return state == State.CLOSED;
  }

  /**
   * Makes this closed transaction new again, for its thread's next {@code getTransaction()}
   * (see {@link ThreadBoundTransactions#reusing}); the subclass cleared its staging at close.
   */
  final void reopen() {
    if (state != State.CLOSED || owner != Thread.currentThread()) {
      throw new IllegalStateException(channel + ": only its own thread's closed transaction can be reused");
    }
    state = State.NEW;
    putSome = false;
    tookSome = false;
  }

  @Override
  public final void begin() {
    checkOwner("begin");
    if (state != State.NEW) {
      throw misuse("begin", "begin() may be called once; close this transaction and call "
          + "getTransaction() for a new one");
    }
    state = State.OPEN;
  }

  @Override
  public final void put(Event event) {
    Objects.requireNonNull(event, "event");
    requireOpen("put");
    doPut(event);
    putSome = true;
  }

  @Override
  public final void putAll(List<Event> events) {
    requireOpen("put");
    for (Event e : events) {
      Objects.requireNonNull(e, "event");
    }
    doPutAll(events);
    putSome |= !events.isEmpty();
  }

  @Override
  public final Event take() {
    requireOpen("take");
    Event e = doTake();
    tookSome |= e != null;
    return e;
  }

  /**
   * Waits (up to the keep-alive) only for the first event, then takes what is already there: a
   * partial batch must not wait out the keep-alive once per missing event.
   */
  @Override
  public final List<Event> take(int max) {
    requireOpen("take");
    List<Event> out = new ArrayList<>(Math.min(max, 1024));
    if (max > 0) {
      doTakeUpTo(max, out);
    }
    tookSome |= !out.isEmpty();
    return out;
  }

  @Override
  public final void commit() {
    requireOpen("commit");
    long start = startTiming();
    doCommit();
    state = State.COMMITTED;
    timed(start);
  }

  @Override
  public final boolean commitNow() {
    requireOpen("commit");
    long start = startTiming();
    if (!doCommitNow()) {
      return false;
    }
    state = State.COMMITTED;
    timed(start);
    return true;
  }

  private long startTiming() {
    return timings != null && (putSome || tookSome) ? System.nanoTime() : 0;
  }

  private void timed(long start) {
    if (start != 0) {
      timings.commitTook(putSome, System.nanoTime() - start);
    }
  }

  @Override
  public final void rollback() {
    requireOpen("rollback");
    try {
      doRollback();
    } finally {
      state = State.ROLLED_BACK;
    }
  }

  @Override
  public final void close() {
    checkOwner("close");
    if (state == State.CLOSED) {
      return;
    }
    try {
      if (state == State.OPEN) {
        rollback();
      }
    } finally {
      state = State.CLOSED;
      afterClose();
    }
  }

  /** Stages one event; throws {@link ChannelException} when the transaction is full. */
  protected abstract void doPut(Event event);

  /** Takes one event, waiting up to the keep-alive; null when none arrives. */
  protected abstract Event doTake();

  /**
   * Stages a batch of (non-null) events. Channels may override this to stage a batch at once; the
   * default stages them one by one.
   */
  protected void doPutAll(List<Event> events) {
    for (Event e : events) {
      doPut(e);
    }
  }

  /**
   * Adds up to {@code max} (at least 1) events to {@code out}, waiting up to the keep-alive only
   * for the first. Channels may override this to take a batch at once; the default takes them
   * one by one.
   */
  protected void doTakeUpTo(int max, List<Event> out) {
    Event e = doTake();
    while (e != null) {
      out.add(e);
      e = out.size() < max ? doTakeNow() : null;
    }
  }

  /**
   * Takes one event if one is ready, without waiting. Channels should override this; the default
   * waits like {@link #doTake()}.
   */
  protected Event doTakeNow() {
    return doTake();
  }

  /** Makes staged puts and takes permanent, or throws and changes nothing. */
  protected abstract void doCommit();

  /**
   * Makes staged puts and takes permanent if that needs no waiting and returns true, or changes
   * nothing and returns false. The default, for channels whose commits wait, always declines.
   */
  protected boolean doCommitNow() {
    return false;
  }

  /** Discards staged puts and returns taken events to the head of the channel, in order. */
  protected abstract void doRollback();

  /** Runs once on close, after any rollback; releases per-thread bookkeeping. */
  protected void afterClose() {}

  /**
   * The error for a transaction that already holds {@code limit} puts or takes: says which key to
   * raise, unlike Flume's "Take list for MemoryTransaction, capacity N full".
   */
  protected final ChannelException transactionFull(String what, int limit) {
    return new OversizedBatchException(channel + ": transaction holds " + limit + " " + what
        + ", its transactionCapacity; raise " + channel.key("transactionCapacity")
        + " or lower the batch size", limit);
  }

  private void requireOpen(String operation) {
    checkOwner(operation);
    if (state != State.OPEN) {
      throw misuse(operation, state == State.NEW
          ? "call begin() first"
          : "close it and call getTransaction() for a new one");
    }
  }

  private void checkOwner(String operation) {
    Thread caller = Thread.currentThread();
    if (caller != owner) {
      throw new IllegalStateException(channel + ": " + operation + "() called from thread '"
          + caller.getName() + "' on a transaction of thread '" + owner.getName()
          + "'; transactions are thread-bound, get one with getTransaction() in each thread");
    }
  }

  private IllegalStateException misuse(String operation, String hint) {
    return new IllegalStateException(channel + ": cannot " + operation + "() a transaction that is "
        + state.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "; " + hint);
  }
}
