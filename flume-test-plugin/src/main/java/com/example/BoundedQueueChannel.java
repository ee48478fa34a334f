package com.example;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.flume.ChannelException;
import org.apache.flume.ChannelFullException;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.channel.BasicChannelSemantics;
import org.apache.flume.channel.BasicTransactionSemantics;

/**
 * A heap FIFO holding at most {@code capacity} events (default 100), with at most
 * {@code transactionCapacity} puts and takes in one transaction (default: the capacity). A commit
 * whose puts do not fit throws {@link ChannelFullException} at once; taken events count against the
 * capacity until their take commits. It keeps no counters, as many users' channels do not. Built
 * against Flume 1.11's API.
 */
public class BoundedQueueChannel extends BasicChannelSemantics {
  private final Object lock = new Object();
  private final ArrayDeque<Event> queue = new ArrayDeque<>(); // guarded by lock
  private int held; // in the queue plus taken and not yet committed; guarded by lock
  private int capacity;
  private int transactionCapacity;

  @Override
  public void configure(Context context) {
    capacity = context.getInteger("capacity", 100);
    transactionCapacity = context.getInteger("transactionCapacity", capacity);
    if (capacity < 1 || transactionCapacity < 1 || transactionCapacity > capacity) {
      throw new IllegalArgumentException("need 1 <= transactionCapacity <= capacity, got "
          + transactionCapacity + " and " + capacity);
    }
  }

  @Override
  protected BasicTransactionSemantics createTransaction() {
    return new QueueTransaction();
  }

  private final class QueueTransaction extends BasicTransactionSemantics {
    private final List<Event> puts = new ArrayList<>();
    private final List<Event> takes = new ArrayList<>();

    @Override
    protected void doPut(Event event) {
      if (puts.size() == transactionCapacity) {
        throw new ChannelException("more than " + transactionCapacity + " puts in a transaction");
      }
      puts.add(event);
    }

    @Override
    protected Event doTake() {
      if (takes.size() == transactionCapacity) {
        throw new ChannelException("more than " + transactionCapacity + " takes in a transaction");
      }
      Event e;
      synchronized (lock) {
        e = queue.pollFirst();
      }
      if (e != null) {
        takes.add(e);
      }
      return e;
    }

    @Override
    protected void doCommit() {
      synchronized (lock) {
        if (held - takes.size() + puts.size() > capacity) {
          throw new ChannelFullException("no room for " + puts.size() + " events: " + held
              + " of " + capacity + " held");
        }
        held += puts.size() - takes.size();
        queue.addAll(puts);
      }
      puts.clear();
      takes.clear();
    }

    @Override
    protected void doRollback() {
      synchronized (lock) {
        for (int i = takes.size() - 1; i >= 0; i--) {
          queue.addFirst(takes.get(i));
        }
      }
      puts.clear();
      takes.clear();
    }
  }
}
