package io.sluice.edge.http;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One http source under test on 127.0.0.1 and an ephemeral port, a {@link TestQueueChannel} of
 * the given capacity (or a given channel processor), the agent's metrics registry and a JDK HTTP client. Each harness has its
 * own component name so thread checks never see another test's threads.
 */
final class HttpHarness implements AutoCloseable {
  final String component = "http" + Long.toHexString(System.nanoTime());
  final String group = "SOURCE." + component;
  final TestQueueChannel channel;
  final MetricsRegistry metrics = new MetricsRegistry();
  final HttpSource source;
  final HttpClient client;
  private final List<Event> taken = new ArrayList<>();

  HttpHarness(long capacity, Map<String, String> extra) throws Exception {
    this(capacity, extra, defaultClient());
  }

  HttpHarness(long capacity, Map<String, String> extra, HttpClient client) throws Exception {
    this(new TestQueueChannel("c1", capacity), null, extra, client);
  }

  /** A source that puts through {@code processor}; {@link #take} and {@link #events} are unused. */
  HttpHarness(ChannelProcessor processor, Map<String, String> extra) throws Exception {
    this(null, processor, extra, defaultClient());
  }

  private static HttpClient defaultClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  private HttpHarness(TestQueueChannel channel, ChannelProcessor processor,
      Map<String, String> extra, HttpClient client) throws Exception {
    this.channel = channel;
    Map<String, String> raw = new HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
    raw.putAll(extra);
    HttpSourceFactory f = new HttpSourceFactory(k -> null, k -> null);
    ChannelProcessor channels = processor != null ? processor : new TestChannelProcessor(channel);
    DefaultComponentContext ctx = DefaultComponentContext.builder("a1", component,
        metrics.group(group)).channelProcessor(channels).build();
    source = (HttpSource) f.create(Configs.configure(f, raw), ctx);
    source.start();
    this.client = client;
  }

  String scheme() {
    return "http";
  }

  URI uri(String path) {
    return URI.create(scheme() + "://127.0.0.1:" + source.boundPort() + path);
  }

  int port() {
    return source.boundPort();
  }

  HttpResponse<String> post(String body, String contentType) throws IOException,
      InterruptedException {
    return send(HttpRequest.newBuilder(uri("/")).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  long metric(String name) {
    return metrics.value(group, name);
  }

  /** Moves what the channel holds into the list of taken events; returns how many were taken. */
  synchronized int take() {
    taken.addAll(channel.drain());
    return taken.size();
  }

  synchronized List<Event> events() {
    take();
    return List.copyOf(taken);
  }

  List<String> liveThreads() {
    String prefix = "a1-" + component + "-";
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName).filter(n -> n.startsWith(prefix)).toList();
  }

  @Override
  public void close() {
    source.stop();
  }
}
