package io.sluice.core.testutil;

import io.sluice.api.Channel;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A test-only in-memory channel with real transaction semantics: puts become visible at commit
 * (refused with ChannelFullException if they would exceed the capacity), takes are returned to the
 * head of the queue in order on rollback. One open transaction per thread. Never blocks.
 */
public final class TestQueueChannel implements Channel {
  private final String name;
  private final long capacity;
  private final Deque<Event> queue = new ArrayDeque<>();
  private final ThreadLocal<Tx> open = new ThreadLocal<>();
  private volatile Runnable commitHook = () -> {};
  private int commits;
  private int rollbacks;

  public TestQueueChannel(String name, long capacity) {
    this.name = name;
    this.capacity = capacity;
  }

  /** Runs just before every commit is applied (e.g. to check what a sink made durable). */
  public void onCommit(Runnable hook) {
    this.commitHook = hook;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public Transaction getTransaction() {
    Tx tx = open.get();
    if (tx == null) {
      tx = new Tx();
      open.set(tx);
    }
    return tx;
  }

  @Override
  public synchronized long size() {
    return queue.size();
  }

  @Override
  public long capacity() {
    return capacity;
  }

  public synchronized void putAllCommitted(List<Event> events) {
    queue.addAll(events);
  }

  public synchronized List<Event> drain() {
    List<Event> out = new ArrayList<>(queue);
    queue.clear();
    return out;
  }

  public synchronized int commits() {
    return commits;
  }

  public synchronized int rollbacks() {
    return rollbacks;
  }

  private final class Tx implements Transaction {
    private final List<Event> puts = new ArrayList<>();
    private final List<Event> takes = new ArrayList<>();
    private boolean begun;

    @Override
    public void begin() {
      if (begun) {
        throw new IllegalStateException("transaction already begun");
      }
      begun = true;
    }

    @Override
    public void put(Event event) {
      requireBegun();
      puts.add(event);
    }

    @Override
    public Event take() {
      requireBegun();
      synchronized (TestQueueChannel.this) {
        Event e = queue.pollFirst();
        if (e != null) {
          takes.add(e);
        }
        return e;
      }
    }

    @Override
    public void commit() {
      requireBegun();
      commitHook.run();
      synchronized (TestQueueChannel.this) {
        if (queue.size() + puts.size() > capacity) {
          throw new ChannelFullException("channel " + name + " is full (" + queue.size() + "/" + capacity + ")");
        }
        queue.addAll(puts);
        commits++;
      }
      end();
    }

    @Override
    public void rollback() {
      if (!begun) {
        return;
      }
      synchronized (TestQueueChannel.this) {
        for (int i = takes.size() - 1; i >= 0; i--) {
          queue.addFirst(takes.get(i));
        }
        rollbacks++;
      }
      end();
    }

    @Override
    public void close() {
      if (begun) {
        rollback();
      }
      open.remove();
    }

    private void end() {
      puts.clear();
      takes.clear();
      begun = false;
    }

    private void requireBegun() {
      if (!begun) {
        throw new ChannelException("transaction on " + name + " not begun");
      }
    }
  }
}
