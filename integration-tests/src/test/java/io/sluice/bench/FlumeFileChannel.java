package io.sluice.bench;

import io.sluice.it.flume.FlumeClasspath;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;

/**
 * Apache Flume 1.11's file channel, driven through reflection inside its own class loader, with
 * its defaults except the directories. Flume forces the log on every commit
 * (fsyncPerTransaction = true), so its syncs are its commits.
 */
final class FlumeFileChannel implements BenchChannel {
  private final ClassLoader loader;
  private final Object channel;
  private final Method getTransaction;
  private final Method begin;
  private final Method put;
  private final Method take;
  private final Method commit;
  private final Method close;
  private final Method withBody;
  private long commits;

  FlumeFileChannel(FlumeClasspath flume, Path dir) throws Exception {
    loader = flume.loader();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      channel = flume.create("org.apache.flume.channel.file.FileChannel");
      FlumeClasspath.call(channel, "setName", "bench-flume");
      Object context = flume.load("org.apache.flume.Context").getConstructor(Map.class)
          .newInstance(Map.of(
              "checkpointDir", dir.resolve("checkpoint").toString(),
              "dataDirs", dir.resolve("data").toString(),
              "capacity", "1000000",
              "transactionCapacity", "10000"));
      FlumeClasspath.call(channel, "configure", context);
      FlumeClasspath.call(channel, "start");
      Class<?> txType = flume.load("org.apache.flume.Transaction");
      Class<?> channelType = flume.load("org.apache.flume.Channel");
      getTransaction = FlumeClasspath.find(channelType, "getTransaction", 0);
      put = FlumeClasspath.find(channelType, "put", 1);
      take = FlumeClasspath.find(channelType, "take", 0);
      begin = FlumeClasspath.find(txType, "begin", 0);
      commit = FlumeClasspath.find(txType, "commit", 0);
      close = FlumeClasspath.find(txType, "close", 0);
      withBody = FlumeClasspath.find(flume.load("org.apache.flume.event.EventBuilder"),
          "withBody", 1);
      if (!(Boolean) FlumeClasspath.call(channel, "isOpen")) {
        throw new IllegalStateException("Flume's file channel did not open");
      }
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Override
  public void putBatch(byte[][] bodies) throws Exception {
    Object tx = FlumeClasspath.invoke(getTransaction, channel);
    FlumeClasspath.invoke(begin, tx);
    for (byte[] b : bodies) {
      FlumeClasspath.invoke(put, channel, FlumeClasspath.invoke(withBody, null, (Object) b));
    }
    FlumeClasspath.invoke(commit, tx);
    FlumeClasspath.invoke(close, tx);
    count();
  }

  @Override
  public int takeBatch(int max) throws Exception {
    Object tx = FlumeClasspath.invoke(getTransaction, channel);
    FlumeClasspath.invoke(begin, tx);
    int n = 0;
    while (n < max && FlumeClasspath.invoke(take, channel) != null) {
      n++;
    }
    FlumeClasspath.invoke(commit, tx);
    FlumeClasspath.invoke(close, tx);
    count();
    return n;
  }

  private synchronized void count() {
    commits++;
  }

  @Override
  public synchronized long syncs() {
    return commits;
  }

  @Override
  public void close() throws Exception {
    FlumeClasspath.call(channel, "stop");
  }
}
