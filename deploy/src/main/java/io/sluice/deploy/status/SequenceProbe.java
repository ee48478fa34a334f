package io.sluice.deploy.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an aggregator's {@code /sequence} (its {@code sequenceCheck} windows). Thread-safe; its
 * HTTP client's threads end with it.
 */
public final class SequenceProbe {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofMillis(500)).build();

  /** What the agent at {@code address} ({@code host:port}) answers. */
  public Answer read(String address) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://" + address + "/sequence")).timeout(Duration.ofSeconds(5)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return new Answer(List.of(), false, true);
    }
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode() + " from " + address + "/sequence");
    }
    return parse(JSON.readTree(r.body()));
  }

  /**
   * An agent's windows.
   *
   * @param checked false when it runs no {@code sequenceCheck}
   * @param complete false when it left some streams or runs out to bound its answer
   */
  public record Answer(List<StreamWindow> windows, boolean checked, boolean complete) {}

  static Answer parse(JsonNode body) throws IOException {
    String agent = body.path("agent").asText();
    if (!body.path("checks").isArray()) {
      throw new IOException("not a /sequence answer: no checks");
    }
    List<StreamWindow> out = new ArrayList<>();
    for (JsonNode check : body.path("checks")) {
      for (JsonNode s : check.path("streams")) {
        JsonNode runs = s.path("runs");
        long[] r = null;
        if (runs.isArray()) {
          r = new long[runs.size()];
          for (int i = 0; i < r.length; i++) {
            r[i] = runs.get(i).asLong();
          }
        }
        out.add(new StreamWindow(agent, s.path("stream").asText(), s.path("from").asLong(),
            s.path("highest").asLong(-1), s.path("duplicates").asLong(), r));
      }
    }
    return new Answer(out, true, body.path("complete").asBoolean(false));
  }
}
