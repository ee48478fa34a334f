package io.sluice.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.sluice.api.config.ConfigException;
import io.sluice.core.config.ConfigMode;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.rpc.LogCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --compat flume} at start and on reload, with its metrics; {@code --conf-uri} over HTTP. */
class ConfigSourcesAndCompatTest {
  private static final String CONFIG = """
      a1.sources = r1
      a1.channels = c1
      a1.sinks = k1
      a1.sources.r1.type = seq
      a1.sources.r1.channels = c1
      a1.channels.c1.type = memory
      a1.channels.c1.capcity = 1000
      a1.sinks.k1.type = null
      a1.sinks.k1.channel = c1
      """;
  private static final String WITH_BAD_SINK = CONFIG.replace("a1.sinks = k1", "a1.sinks = k1 k2")
      + "a1.sinks.k2.type = com.example.flume.MySink\na1.sinks.k2.channel = c1\n";
  private static final AgentOptions FAST = AgentOptions.defaults()
      .withShutdownGrace(Duration.ofMillis(100));

  @TempDir Path tmp;
  private HttpServer server;
  private final AtomicReference<String> served = new AtomicReference<>(CONFIG);
  private final AtomicInteger requests = new AtomicInteger();
  private URI uri;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    HttpContext ctx = server.createContext("/flume/agent.properties", exchange -> {
      requests.incrementAndGet();
      byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    ctx.setAuthenticator(new BasicAuthenticator("flume") {
      @Override
      public boolean checkCredentials(String user, String password) {
        return user.equals("ops") && password.equals("s3cret");
      }
    });
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort()
        + "/flume/agent.properties");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static long gauge(AgentApplication app, String name) {
    return app.agent().metrics().value("CONFIG.a1", name);
  }

  @Test
  void compatModeAppliesAtStartAndOnReloadAndCountsWhatItTolerates() throws Exception {
    Path conf = Files.writeString(tmp.resolve("agent.properties"), CONFIG);
    ConfigSource source = new PropertiesFileConfigSource(List.of(conf));
    ComponentRegistry registry = ComponentRegistry.fromContextClassLoader();
    try (AgentApplication strict = new AgentApplication(source, "a1", Duration.ZERO, FAST,
        registry)) {
      ConfigException e = assertThrows(ConfigException.class, strict::start);
      assertTrue(e.getMessage().contains("a1.channels.c1.capcity: unknown key"), e.getMessage());
    }
    try (LogCapture log = LogCapture.capture();
        AgentApplication app = new AgentApplication(source, "a1", Duration.ZERO, FAST, registry,
            ConfigMode.FLUME)) {
      app.start();
      assertEquals(1, gauge(app, AgentApplication.TOLERATED_GAUGE));
      assertEquals(0, gauge(app, AgentApplication.DROPPED_GAUGE));
      String typo = "WARN Agent a1 (--compat flume) tolerates a1.channels.c1.capcity: unknown key";
      assertEquals(1, log.linesContaining(typo).size(), log.linesContaining("a1").toString());

      Files.writeString(conf, WITH_BAD_SINK);
      app.pollOnce();
      assertEquals(List.of("k1"), List.copyOf(app.agent().config().sinks().keySet()));
      assertEquals(2, gauge(app, AgentApplication.TOLERATED_GAUGE));
      assertEquals(1, gauge(app, AgentApplication.DROPPED_GAUGE));
      assertEquals("a1.sinks.k2.type", app.loaded().tolerated().get(1).key());
      // Logged once each: the typo again on reload is not logged a second time.
      assertEquals(1, log.linesContaining(typo).size(), log.linesContaining("a1").toString());
      assertEquals(1, log.linesContaining("WARN Agent a1 (--compat flume) tolerates a1.sinks.k2"
          + ".type").size(), log.linesContaining("a1").toString());

      Files.writeString(conf, CONFIG.replace("capcity", "capacity"));
      app.pollOnce();
      assertEquals(0, gauge(app, AgentApplication.TOLERATED_GAUGE));
      assertEquals(0, gauge(app, AgentApplication.DROPPED_GAUGE));
    }
  }

  @Test
  void confUriReadsOverHttpWithBasicAuth() throws IOException {
    UriConfigSource good = new UriConfigSource(List.of(uri),
        Optional.of(new UriConfigSource.Credentials("ops", "s3cret")));
    Map<String, String> props = good.read();
    assertEquals("memory", props.get("a1.channels.c1.type"));

    IOException refused = assertThrows(IOException.class, () -> new UriConfigSource(List.of(uri),
        Optional.of(new UriConfigSource.Credentials("ops", "wrong"))).read());
    assertTrue(refused.getMessage().contains("HTTP 401 (the credentials were refused)"),
        refused.getMessage());
    IOException none = assertThrows(IOException.class,
        () -> new UriConfigSource(List.of(uri), Optional.empty()).read());
    assertTrue(none.getMessage().contains("HTTP 401 (give --conf-user and --conf-password)"),
        none.getMessage());
    assertTrue(!good.describe().contains("s3cret"));
  }

  @Test
  void confUriIsPolledForReloadAndMergesWithFileUris() throws Exception {
    Path override = Files.writeString(tmp.resolve("override.properties"),
        "a1.channels.c1.capacity = 500\n");
    UriConfigSource source = new UriConfigSource(List.of(uri, override.toUri()),
        Optional.of(new UriConfigSource.Credentials("ops", "s3cret")));
    try (AgentApplication app = new AgentApplication(source, "a1", Duration.ZERO, FAST,
        ComponentRegistry.fromContextClassLoader(), ConfigMode.FLUME)) {
      app.start();
      assertEquals("500", app.agent().config().channels().get("c1").fingerprint().get("capacity"));
      assertEquals(List.of("k1"), List.copyOf(app.agent().config().sinks().keySet()));
      int before = requests.get();
      served.set(CONFIG.replace("a1.sinks = k1", "a1.sinks = k1 k3")
          + "a1.sinks.k3.type = null\na1.sinks.k3.channel = c1\n");
      app.pollOnce();
      assertTrue(requests.get() > before);
      assertEquals(List.of("k1", "k3"), List.copyOf(app.agent().config().sinks().keySet()));
    }
  }

  @Test
  void confUriRefusesOtherSchemes() {
    assertThrows(IllegalArgumentException.class, () -> new UriConfigSource(
        List.of(URI.create("ftp://example.com/a.properties")), Optional.empty()));
  }
}
