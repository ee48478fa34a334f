package io.sluice.deploy.quickstart;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an agent's Flume-style {@code /metrics} JSON (flat groups of string values) into numbers.
 * Thread-safe.
 */
public final class MetricsClient {
  private static final Pattern GROUP = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\\{([^}]*)}");
  // Decimals (a channel's ChannelFillPercentage, as Flume prints it) are read to their whole part.
  private static final Pattern VALUE = Pattern.compile(
      "\"([^\"]+)\"\\s*:\\s*\"(-?\\d+)(?:\\.\\d+)?\"");

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofMillis(500)).build();

  /** The node's metrics by group then name; empty when it does not answer (yet). */
  public Map<String, Map<String, Long>> read(int port) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(1))
          .build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? parse(r.body()) : Map.of();
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  static Map<String, Map<String, Long>> parse(String json) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    Matcher g = GROUP.matcher(json);
    while (g.find()) {
      Map<String, Long> values = new TreeMap<>();
      Matcher v = VALUE.matcher(g.group(2));
      while (v.find()) {
        values.put(v.group(1), Long.parseLong(v.group(2)));
      }
      out.put(g.group(1), values);
    }
    return out;
  }
}
