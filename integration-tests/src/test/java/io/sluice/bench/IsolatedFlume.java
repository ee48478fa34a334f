package io.sluice.bench;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
    URL[] urls;
    try (Stream<Path> jars = Files.list(libDir)) {
      urls = jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(IsolatedFlume::url).toArray(URL[]::new);
    }
    if (urls.length == 0) {
      throw new IOException("no Flume jars in " + libDir + " (run mvn -pl integration-tests test-compile)");
    }
    loader = new ChildFirst(urls, IsolatedFlume.class.getClassLoader());
    contextClass = loader.loadClass("org.apache.flume.Context");
    configure = loader.loadClass("org.apache.flume.conf.Configurables")
        .getMethod("configure", Object.class, contextClass);
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
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

  /** Looks in its own jars first, except for the shared packages. */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && PARENT_FIRST.stream().noneMatch(name::startsWith)) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException e) {
            // not Flume's: the parent's
          }
        }
        if (c == null) {
          c = getParent().loadClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
