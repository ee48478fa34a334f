package io.sluice.core.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.core.runtime.NamedThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Flume's HTTP monitoring ({@code -Dflume.monitoring.type=http -Dflume.monitoring.port=P}):
 * {@code GET /metrics} answers one JSON object per component group ({@code "SOURCE.r1"}, ...)
 * whose values are all strings, as Flume's JSONHandler does. Served by the JDK's HTTP server on one
 * named thread. Thread-safe; {@link #close()} stops it.
 */
public final class HttpMetricsServer implements AutoCloseable {
  /** System property naming the monitoring type; only {@code http} is served. */
  public static final String TYPE_PROPERTY = "flume.monitoring.type";
  /** System property with the port (Flume's default 41414). */
  public static final String PORT_PROPERTY = "flume.monitoring.port";

  private final HttpServer server;
  private final ExecutorService executor;

  /** Binds {@code address} and starts serving {@code snapshot()} at {@code /metrics}. */
  public HttpMetricsServer(InetSocketAddress address,
      Supplier<Map<String, Map<String, Long>>> snapshot) throws IOException {
    server = HttpServer.create(address, 16);
    executor = Executors.newSingleThreadExecutor(new NamedThreadFactory("metrics-http"));
    server.setExecutor(executor);
    server.createContext("/metrics", exchange -> respond(exchange, snapshot));
    server.start();
  }

  /**
   * Starts a server when the system properties ask for it ({@code flume.monitoring.type=http}),
   * else returns null.
   *
   * @throws IllegalArgumentException naming the property when the type or port is not valid
   */
  public static HttpMetricsServer fromSystemProperties(
      Supplier<Map<String, Map<String, Long>>> snapshot) throws IOException {
    String type = System.getProperty(TYPE_PROPERTY);
    if (type == null || type.isBlank()) {
      return null;
    }
    if (!type.equalsIgnoreCase("http")) {
      throw new IllegalArgumentException(TYPE_PROPERTY + "=" + type
          + " is not supported; only 'http' is");
    }
    String port = System.getProperty(PORT_PROPERTY, "41414");
    int p;
    try {
      p = Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PORT_PROPERTY + "=" + port + " is not a port number");
    }
    return new HttpMetricsServer(new InetSocketAddress(p), snapshot);
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange,
      Supplier<Map<String, Map<String, Long>>> snapshot) throws IOException {
    try (exchange) {
      byte[] body = toJson(snapshot.get()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Flume's shape: every value a string, a "Type" per group taken from its prefix. */
  static String toJson(Map<String, Map<String, Long>> groups) {
    StringBuilder b = new StringBuilder("{");
    String sep = "";
    for (Map.Entry<String, Map<String, Long>> g : groups.entrySet()) {
      b.append(sep).append('"').append(escape(g.getKey())).append("\":{");
      int dot = g.getKey().indexOf('.');
      b.append("\"Type\":\"").append(escape(dot > 0 ? g.getKey().substring(0, dot) : g.getKey()))
          .append('"');
      for (Map.Entry<String, Long> v : g.getValue().entrySet()) {
        b.append(",\"").append(escape(v.getKey())).append("\":\"").append(v.getValue()).append('"');
      }
      b.append('}');
      sep = ",";
    }
    return b.append('}').toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
