package io.sluice.bench;

import io.sluice.testsupport.flume.FlumeJars;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Flume 1.11.0's memory channel and HDFS sink, loaded from their own jars in a child-first class
 * loader and driven by reflection, so Flume and its old libraries never meet ours. Hadoop, SLF4J
 * and the JDK come from the parent (both sinks use the same Hadoop client). Self-contained; not
 * thread-safe except {@link Sink#process()} on distinct sinks.
 */
final class IsolatedFlume implements AutoCloseable {
  private static final List<String> PARENT_FIRST = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
      "org.apache.hadoop.", "org.slf4j.", "org.apache.logging.", "org.apache.commons.logging.", "org.w3c.",
      "org.xml.");

  private final URLClassLoader loader;
  private final Class<?> contextClass;
  private final Method configure;

  IsolatedFlume(Path libDir) throws Exception {
    if (FlumeJars.jars(libDir).isEmpty()) {
      throw new IOException("no Flume jars in " + libDir + " (run mvn -pl integration-tests test-compile)");
    }
    loader = FlumeJars.childFirst("flume-1.11", IsolatedFlume.class.getClassLoader(), PARENT_FIRST,
        libDir);
    contextClass = loader.loadClass("org.apache.flume.Context");
    configure = loader.loadClass("org.apache.flume.conf.Configurables")
        .getMethod("configure", Object.class, contextClass);
  }

  private Object newComponent(String className, String name, Map<String, String> settings) throws Exception {
    Object c = loader.loadClass(className).getConstructor().newInstance();
    c.getClass().getMethod("setName", String.class).invoke(c, name);
    configure.invoke(null, c, contextClass.getConstructor(Map.class).newInstance(settings));
    return c;
  }

  /** Flume's MemoryChannel, configured and started. */
  Channel memoryChannel(Map<String, String> settings) throws Exception {
    Object ch = newComponent("org.apache.flume.channel.MemoryChannel", "c1", settings);
    ch.getClass().getMethod("start").invoke(ch);
    return new Channel(ch);
  }

  /** Flume's HDFSEventSink on a channel, configured and started. */
  Sink hdfsSink(String name, Channel channel, Map<String, String> settings) throws Exception {
    Object s = newComponent("org.apache.flume.sink.hdfs.HDFSEventSink", name, settings);
    s.getClass().getMethod("setChannel", loader.loadClass("org.apache.flume.Channel")).invoke(s, channel.channel);
    s.getClass().getMethod("start").invoke(s);
    return new Sink(s);
  }

  final class Channel {
    private final Object channel;
    private final Method getTransaction;
    private final Method put;
    private final Method withBody;

    Channel(Object channel) throws Exception {
      this.channel = channel;
      this.getTransaction = loader.loadClass("org.apache.flume.Channel").getMethod("getTransaction");
      this.put = loader.loadClass("org.apache.flume.Channel").getMethod("put", loader.loadClass("org.apache.flume.Event"));
      this.withBody = loader.loadClass("org.apache.flume.event.EventBuilder").getMethod("withBody", byte[].class);
    }

    /** Puts bodies in one transaction. */
    void putAll(List<byte[]> bodies) throws Exception {
      Object tx = getTransaction.invoke(channel);
      Class<?> txc = loader.loadClass("org.apache.flume.Transaction");
      txc.getMethod("begin").invoke(tx);
      for (byte[] b : bodies) {
        put.invoke(channel, withBody.invoke(null, (Object) b));
      }
      txc.getMethod("commit").invoke(tx);
      txc.getMethod("close").invoke(tx);
    }

    void stop() throws Exception {
      channel.getClass().getMethod("stop").invoke(channel);
    }
  }

  static final class Sink {
    private final Object sink;
    private final Method process;

    Sink(Object sink) throws Exception {
      this.sink = sink;
      this.process = sink.getClass().getMethod("process");
    }

    /** True when the sink reported READY (it moved a batch). */
    boolean process() throws Exception {
      return "READY".equals(String.valueOf(process.invoke(sink)));
    }

    void stop() throws Exception {
      sink.getClass().getMethod("stop").invoke(sink);
    }
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
