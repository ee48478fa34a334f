package io.sluice.core.processing;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only channel over a list, with real transaction semantics: puts and takes are staged and
 * become visible on commit, rollback (or closing an open transaction) undoes them. {@link
 * #failCommitsWith} makes every commit throw, e.g. a {@code ChannelFullException}. Thread-safe.
 */
public final class TestListChannel implements Channel {
  private final String name;
  private final List<Event> stored = new ArrayList<>();
  private final ThreadLocal<ListTransaction> current = new ThreadLocal<>();
  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicInteger rollbacks = new AtomicInteger();
  private volatile RuntimeException commitFailure;

  public TestListChannel(String name) {
    this.name = name;
  }

  /** Every later commit throws {@code failure}; null makes commits succeed again. */
  public void failCommitsWith(RuntimeException failure) {
    this.commitFailure = failure;
  }

  /** The committed events, oldest first. */
  public synchronized List<Event> events() {
    return List.copyOf(stored);
  }

  public int commits() {
    return commits.get();
  }

  public int rollbacks() {
    return rollbacks.get();
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public Transaction getTransaction() {
    ListTransaction tx = current.get();
    if (tx == null) {
      tx = new ListTransaction();
      current.set(tx);
    }
    return tx;
  }

  @Override
  public synchronized long size() {
    return stored.size();
  }

  @Override
  public long capacity() {
    return Long.MAX_VALUE;
  }

  private final class ListTransaction implements Transaction {
    private final List<Event> puts = new ArrayList<>();
    private final List<Event> takes = new ArrayList<>();
    private boolean open;

    @Override
    public void begin() {
      check(!open, "begin on an open transaction");
      open = true;
    }

    @Override
    public void put(Event event) {
      check(open, "put outside a transaction");
      puts.add(event);
    }

    @Override
    public Event take() {
      check(open, "take outside a transaction");
      synchronized (TestListChannel.this) {
        Event e = stored.isEmpty() ? null : stored.remove(0);
        if (e != null) {
          takes.add(e);
        }
        return e;
      }
    }

    @Override
    public void commit() {
      check(open, "commit outside a transaction");
      RuntimeException failure = commitFailure;
      if (failure != null) {
        throw failure;
      }
      synchronized (TestListChannel.this) {
        stored.addAll(puts);
      }
      commits.incrementAndGet();
      open = false;
    }

    @Override
    public void rollback() {
      check(open, "rollback outside a transaction");
      synchronized (TestListChannel.this) {
        stored.addAll(0, takes);
      }
      rollbacks.incrementAndGet();
      open = false;
    }

    @Override
    public void close() {
      if (open) {
        rollback();
      }
      current.remove();
    }

    private void check(boolean ok, String what) {
      if (!ok) {
        throw new IllegalStateException(name + ": " + what);
      }
    }
  }
}
