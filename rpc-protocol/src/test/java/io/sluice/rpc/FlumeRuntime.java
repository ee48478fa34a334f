package io.sluice.rpc;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The real Flume 1.11.0 SDK with its own runtime (Avro 1.11.0, Netty 4.1.72) in an isolated class
 * loader, so its versions never meet ours. The jars are copied by the module's pom into the
 * directory named by the {@code sluice.flume.runtime.dir} system property. Used via reflection.
 */
public final class FlumeRuntime implements AutoCloseable {
  private final URLClassLoader loader;

  public FlumeRuntime() throws IOException {
    Path dir = Path.of(System.getProperty("sluice.flume.runtime.dir", "target/flume-runtime"));
    try (Stream<Path> jars = Files.list(dir)) {
      URL[] urls = jars.filter(p -> p.toString().endsWith(".jar")).map(FlumeRuntime::url)
          .toArray(URL[]::new);
      if (urls.length < 10) {
        throw new IOException("Flume runtime jars missing in " + dir.toAbsolutePath());
      }
      loader = new URLClassLoader("flume-1.11", urls, ClassLoader.getPlatformClassLoader());
    }
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Class<?> load(String name) throws ClassNotFoundException {
    return Class.forName(name, true, loader);
  }

  /** Flume's {@code AvroSourceProtocol.PROTOCOL} as rendered and hashed by Avro 1.11. */
  public Object protocol() throws Exception {
    return load("org.apache.flume.source.avro.AvroSourceProtocol").getField("PROTOCOL").get(null);
  }

  /** Flume's RpcClientFactory.getInstance(properties): a NettyAvroRpcClient. */
  public FlumeClient client(Properties props) throws Exception {
    return new FlumeClient(call(() -> load("org.apache.flume.api.RpcClientFactory")
        .getMethod("getInstance", Properties.class).invoke(null, props)));
  }

  /** Flume's RpcClientFactory.getDefaultInstance(host, port, batchSize). */
  public FlumeClient defaultClient(String host, int port, int batchSize) throws Exception {
    return new FlumeClient(call(() -> load("org.apache.flume.api.RpcClientFactory")
        .getMethod("getDefaultInstance", String.class, Integer.class, Integer.class)
        .invoke(null, host, port, batchSize)));
  }

  /**
   * Flume's server side: Avro's NettyServer with a SpecificResponder for AvroSourceProtocol,
   * exactly what Flume's AvroSource builds. Received events land in {@code received}.
   */
  public FlumeServer server(List<Map.Entry<Map<String, String>, byte[]>> received)
      throws Exception {
    Class<?> protocol = load("org.apache.flume.source.avro.AvroSourceProtocol");
    Class<?> status = load("org.apache.flume.source.avro.Status");
    Object ok = status.getField("OK").get(null);
    Object impl = Proxy.newProxyInstance(loader, new Class<?>[] {protocol}, (p, m, args) -> {
      switch (m.getName()) {
        case "append" -> received.add(toEntry(args[0]));
        case "appendBatch" -> {
          for (Object e : (List<?>) args[0]) {
            received.add(toEntry(e));
          }
        }
        case "hashCode" -> { return System.identityHashCode(p); }
        case "equals" -> { return p == args[0]; }
        case "toString" -> { return "FlumeServerStub"; }
        default -> throw new UnsupportedOperationException(m.getName());
      }
      return ok;
    });
    Object responder = load("org.apache.avro.ipc.specific.SpecificResponder")
        .getConstructor(Class.class, Object.class).newInstance(protocol, impl);
    Class<?> serverClass = load("org.apache.avro.ipc.netty.NettyServer");
    Object server = call(() -> serverClass
        .getConstructor(load("org.apache.avro.ipc.Responder"), InetSocketAddress.class)
        .newInstance(responder, new InetSocketAddress("127.0.0.1", 0)));
    return new FlumeServer(server);
  }

  private static Map.Entry<Map<String, String>, byte[]> toEntry(Object avroFlumeEvent)
      throws Exception {
    Map<?, ?> headers = (Map<?, ?>) avroFlumeEvent.getClass().getMethod("getHeaders")
        .invoke(avroFlumeEvent);
    ByteBuffer body = ((ByteBuffer) avroFlumeEvent.getClass().getMethod("getBody")
        .invoke(avroFlumeEvent)).duplicate();
    Map<String, String> h = new HashMap<>();
    headers.forEach((k, v) -> h.put(k.toString(), v.toString()));
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return Map.entry(h, bytes);
  }

  /** A Flume RpcClient. */
  public final class FlumeClient implements AutoCloseable {
    private final Object client;

    FlumeClient(Object client) {
      this.client = client;
    }

    public void appendBatch(List<io.sluice.api.Event> events) throws Exception {
      Method withBody = load("org.apache.flume.event.EventBuilder")
          .getMethod("withBody", byte[].class, Map.class);
      List<Object> flumeEvents = new CopyOnWriteArrayList<>();
      for (io.sluice.api.Event e : events) {
        flumeEvents.add(withBody.invoke(null, e.getBody(), e.getHeaders()));
      }
      call(() -> load("org.apache.flume.api.RpcClient").getMethod("appendBatch", List.class)
          .invoke(client, flumeEvents));
    }

    @Override
    public void close() throws Exception {
      call(() -> load("org.apache.flume.api.RpcClient").getMethod("close").invoke(client));
    }
  }

  /** Avro 1.11's NettyServer serving AvroSourceProtocol. */
  public final class FlumeServer implements AutoCloseable {
    private final Object server;

    FlumeServer(Object server) {
      this.server = server;
    }

    public int port() throws Exception {
      return (int) call(() -> server.getClass().getMethod("getPort").invoke(server));
    }

    @Override
    public void close() throws Exception {
      call(() -> server.getClass().getMethod("close").invoke(server));
    }
  }

  interface ReflectiveCall {
    Object run() throws Exception;
  }

  /** Runs with the Flume loader as context loader and unwraps reflection exceptions. */
  Object call(ReflectiveCall body) throws Exception {
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
