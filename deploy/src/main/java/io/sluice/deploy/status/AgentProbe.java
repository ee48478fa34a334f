package io.sluice.deploy.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.coordination.AgentEndpoint;
import io.sluice.core.runtime.NamedThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads an agent's {@code /status}, {@code /metrics} and {@code /prometheus} (for its lag) with
 * short timeouts, so an agent that is gone, stopped or black-holed is reported as down within
 * about a second instead of hanging the table. Requests to all agents run at once. An agent that
 * answers the first two but not {@code /prometheus} (an older one) is up with its lag unknown.
 * Thread-safe; {@link #close()} stops its threads.
 */
final class AgentProbe implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  /** Bodies bigger than this are not an agent's answer. */
  private static final int MAX_BODY = 4 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExecutorService threads =
      Executors.newFixedThreadPool(2, new NamedThreadFactory("sluice-status-http"));
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
      .executor(threads).build();

  /** The agent's answer, or a down reading saying why; never fails. */
  CompletableFuture<Reading> read(AgentEndpoint agent) {
    CompletableFuture<JsonNode> status = json(agent, "/status");
    CompletableFuture<JsonNode> metrics = json(agent, "/metrics");
    CompletableFuture<LagSample> lag = get(agent, "/prometheus")
        .thenApply(body -> LagSample.parse(new String(body, StandardCharsets.UTF_8)))
        .exceptionally(e -> LagSample.NONE);
    return status.thenCombine(metrics, (s, m) -> new Reading(System.nanoTime(), null,
            s.path("ready").asBoolean(false), texts(s.path("problems")), numbers(m),
            LagSample.NONE))
        .thenCombine(lag, Reading::withLag)
        .exceptionally(e -> Reading.down(System.nanoTime(), reason(e)));
  }

  private CompletableFuture<JsonNode> json(AgentEndpoint agent, String path) {
    return get(agent, path).thenApply(body -> {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new CompletionException(new IOException("not JSON at " + path));
      }
    });
  }

  private CompletableFuture<byte[]> get(AgentEndpoint agent, String path) {
    // No Accept header: /prometheus answers its text format, which LagSample reads.
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + agent.address() + path))
        .timeout(REQUEST_TIMEOUT).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
      if (r.statusCode() != 200 || r.body().length > MAX_BODY) {
        throw new CompletionException(new IOException("HTTP " + r.statusCode() + " from " + path));
      }
      return r.body();
    });
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Flume's JSON: every value a string; the non-numeric ones ("Type") are left out. */
  private static Map<String, Map<String, Long>> numbers(JsonNode json) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> group : json.properties()) {
      Map<String, Long> values = new TreeMap<>();
      for (Map.Entry<String, JsonNode> value : group.getValue().properties()) {
        try {
          values.put(value.getKey(), Long.parseLong(value.getValue().asText()));
        } catch (NumberFormatException notACount) {
          // Type, and any text a plugin reports
        }
      }
      out.put(group.getKey(), values);
    }
    return out;
  }

  private static String reason(Throwable e) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (c instanceof java.net.http.HttpTimeoutException) {
      return "no answer within " + REQUEST_TIMEOUT.toMillis() + " ms";
    }
    if (c instanceof java.net.ConnectException) {
      return "connection refused";
    }
    String m = c.getMessage();
    return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
