package io.sluice.it.flume;

import io.sluice.api.Event;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Flume 1.11.0's client SDK ({@code RpcClientFactory}: default, failover and load-balancing
 * clients) in an isolated class loader over the Flume agent jars, used through reflection so its
 * Avro and Netty never meet ours. Not thread-safe.
 */
public final class FlumeSdkClients implements AutoCloseable {
  private final URLClassLoader loader;

  public FlumeSdkClients() throws IOException {
    try (Stream<Path> jars = Files.list(FlumeAgentProcess.libDir())) {
      URL[] urls = jars.filter(p -> p.toString().endsWith(".jar")).map(FlumeSdkClients::url)
          .toArray(URL[]::new);
      loader = new URLClassLoader("flume-sdk-1.11", urls, ClassLoader.getPlatformClassLoader());
    }
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code RpcClientFactory.getInstance(properties)}. */
  public Client client(Properties props) throws Exception {
    return new Client(call(() -> Class.forName("org.apache.flume.api.RpcClientFactory", true, loader)
        .getMethod("getInstance", Properties.class).invoke(null, props)));
  }

  /** One Flume {@code RpcClient}. */
  public final class Client implements AutoCloseable {
    private final Object client;

    private Client(Object client) {
      this.client = client;
    }

    public void appendBatch(List<Event> events) throws Exception {
      Method withBody = Class.forName("org.apache.flume.event.EventBuilder", true, loader)
          .getMethod("withBody", byte[].class, Map.class);
      List<Object> flumeEvents = new ArrayList<>();
      for (Event e : events) {
        flumeEvents.add(withBody.invoke(null, e.getBody(), e.getHeaders()));
      }
      call(() -> rpcClient().getMethod("appendBatch", List.class).invoke(client, flumeEvents));
    }

    public void append(Event e) throws Exception {
      Object flumeEvent = Class.forName("org.apache.flume.event.EventBuilder", true, loader)
          .getMethod("withBody", byte[].class, Map.class).invoke(null, e.getBody(), e.getHeaders());
      call(() -> rpcClient().getMethod("append", Class.forName("org.apache.flume.Event", true,
          loader)).invoke(client, flumeEvent));
    }

    private Class<?> rpcClient() throws ClassNotFoundException {
      return Class.forName("org.apache.flume.api.RpcClient", true, loader);
    }

    @Override
    public void close() throws Exception {
      call(() -> rpcClient().getMethod("close").invoke(client));
    }
  }

  private interface ReflectiveCall {
    Object run() throws Exception;
  }

  private Object call(ReflectiveCall body) throws Exception {
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try {
      return body.run();
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
