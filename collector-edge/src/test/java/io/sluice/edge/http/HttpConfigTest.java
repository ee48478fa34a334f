package io.sluice.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.testutil.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The http source's keys, handler resolution and the corpus of real Flume configs. */
class HttpConfigTest {
  private static final Path CORPUS = Path.of("..", "..", "shared", "flume-configs");
  private static final List<String> RUNTIME_KEYS =
      List.of("type", "channels", "selector.", "interceptors");
  private final HttpSourceFactory factory = new HttpSourceFactory(k -> null, k -> null);

  @Test
  void flumesDefaults() {
    HttpSourceConfig c = Configs.configure(factory, Map.of("port", "5140"));
    assertEquals("0.0.0.0", c.bind());
    assertEquals(5140, c.port());
    assertEquals("org.apache.flume.source.http.JSONHandler", c.handler().name());
    assertInstanceOf(JsonHandler.class, c.handler().newHandler());
    assertNull(c.tls());
    assertEquals(4 << 20, c.maxRequestBytes());
    assertTrue(Configs.parse(factory, Map.of()).problems().toString().contains("port"));
  }

  @Test
  void theFactoryIsFoundByTypeAndFlumesClassName() {
    List<ComponentFactory<?>> found = new ArrayList<>();
    ServiceLoader.load(ComponentFactory.class).forEach(found::add);
    ComponentFactory<?> http = found.stream().filter(f -> f.type().equals("http")).findFirst()
        .orElseThrow();
    assertInstanceOf(HttpSourceFactory.class, http);
    assertTrue(http.aliases().contains("org.apache.flume.source.http.HTTPSource"));
  }

  @Test
  void handlersResolveByFlumeNameShortNameOrClass() {
    assertInstanceOf(NdjsonHandler.class, handler("ndjson"));
    assertInstanceOf(NdjsonHandler.class, handler("io.sluice.edge.http.NdjsonHandler"));
    assertInstanceOf(BlobHandler.class, handler("org.apache.flume.sink.solr.morphline.BlobHandler"));
    assertInstanceOf(JsonHandler.class, handler("json"));
    assertInstanceOf(org.example.rest.RestHandler.class, handler("org.example.rest.RestHandler"));
    ConfigException missing = assertThrows(ConfigException.class,
        () -> handler("com.example.NoSuchHandler"));
    assertTrue(missing.getMessage().contains("com.example.NoSuchHandler"), missing.getMessage());
    ConfigException wrongType = assertThrows(ConfigException.class,
        () -> handler("java.lang.String"));
    assertTrue(wrongType.getMessage().contains("HttpSourceHandler"), wrongType.getMessage());
    ConfigException badBlob = assertThrows(ConfigException.class, () -> factory.configure(
        Configs.parse(factory, Map.of("port", "1", "handler", "blob",
            "handler.maxBlobLength", "lots")).values()));
    assertTrue(badBlob.getMessage().contains("maxBlobLength"), badBlob.getMessage());
  }

  @Test
  void aHandlerThatFailsAnyWayAtConfigurationIsAProblemOfTheHandlerKey() {
    String refusing = RefusingHandler.class.getName();
    ConfigException refused = assertThrows(ConfigException.class, () -> handler(refusing));
    assertEquals("handler", refused.problems().get(0).key());
    assertTrue(refused.getMessage().contains(refusing + " refuses its handler.* properties: "
        + "java.lang.IllegalStateException: no endpoint configured"), refused.getMessage());
    String failing = FailingConstructorHandler.class.getName();
    ConfigException failed = assertThrows(ConfigException.class, () -> handler(failing));
    assertEquals("handler", failed.problems().get(0).key());
    assertTrue(failed.getMessage().contains("cannot make " + failing), failed.getMessage());
  }

  /** A user handler whose configure() fails with something other than IllegalArgumentException. */
  public static class RefusingHandler implements HttpSourceHandler {
    @Override
    public void configure(Map<String, String> properties) {
      throw new IllegalStateException("no endpoint configured");
    }

    @Override
    public List<io.sluice.api.Event> getEvents(io.sluice.api.http.HttpSourceRequest request) {
      return List.of();
    }
  }

  /** A user handler whose constructor fails. */
  public static class FailingConstructorHandler extends RefusingHandler {
    public FailingConstructorHandler() {
      throw new UnsupportedOperationException("not here");
    }
  }

  @Test
  void jettyPassThroughKeysAreAcceptedAndIgnored() {
    HttpSourceConfig c = Configs.configure(factory, Map.of("port", "1",
        "QueuedThreadPool.maxThreads", "50", "HttpConfiguration.sendServerVersion", "false",
        "SslContextFactory.keyManagerPassword", "x", "ServerConnector.idleTimeout", "300"));
    assertEquals(List.of("QueuedThreadPool.maxThreads", "HttpConfiguration.sendServerVersion",
        "SslContextFactory.keyManagerPassword", "ServerConnector.idleTimeout").stream().sorted()
        .toList(), c.ignoredKeys().stream().sorted().toList());
  }

  @Test
  void theUserGuideExampleLoadsUnchanged() throws Exception {
    Path docs = CORPUS.resolve("908-docs-http-source.conf");
    assumeTrue(Files.isRegularFile(docs), "the corpus is not at " + CORPUS.toAbsolutePath());
    Map<String, String> raw = sourceKeys(FlumeProperties.read(docs), "a1.sources.r1.");
    HttpSourceConfig c = Configs.configure(factory, raw);
    assertEquals(5140, c.port());
    assertInstanceOf(org.example.rest.RestHandler.class, c.handler().newHandler());
    assertEquals(Map.of("nickname", "random props"), c.handler().properties());
    assertEquals(2, c.ignoredKeys().size());
  }

  @Test
  void everyHttpSourceOfTheCorpusConfigures() throws Exception {
    assumeTrue(Files.isDirectory(CORPUS), "the corpus is not at " + CORPUS.toAbsolutePath());
    List<Path> files;
    try (Stream<Path> s = Files.list(CORPUS)) {
      files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    List<String> loaded = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Path file : files) {
      Map<String, String> props = FlumeProperties.read(file);
      for (Map.Entry<String, String> e : props.entrySet()) {
        String key = e.getKey();
        String type = e.getValue().trim();
        if (!key.endsWith(".type") || !key.contains(".sources.")
            || !(type.equals("http") || type.equals("org.apache.flume.source.http.HTTPSource"))) {
          continue;
        }
        String prefix = key.substring(0, key.length() - "type".length());
        if (prefix.substring(0, prefix.length() - 1).split("\\.").length != 3) {
          continue;
        }
        String where = file.getFileName() + " " + prefix;
        ConfigParser.Result r = ConfigParser.parse(factory.configDef(), sourceKeys(props, prefix),
            prefix);
        if (!r.ok()) {
          refused.add(where + ": " + r.problems());
          continue;
        }
        try {
          factory.configure(r.values());
          loaded.add(where);
        } catch (ConfigException ex) {
          refused.add(where + ": " + ex.getMessage());
        }
      }
    }
    System.out.println("http sources of the corpus: loaded " + loaded + "; refused " + refused);
    assertTrue(loaded.size() >= 4, "loaded: " + loaded + ", refused: " + refused);
    // the one refusal names a user handler class that is not on the classpath
    assertTrue(refused.size() <= 1 && refused.stream().allMatch(
        r -> r.contains("com.dynatrace.diagnostics.core.realtime.flume.BtExportHandler")),
        "refused: " + refused);
  }

  private static Map<String, String> sourceKeys(Map<String, String> props, String prefix) {
    Map<String, String> raw = new TreeMap<>(FlumeProperties.under(props, prefix));
    raw.keySet().removeIf(k -> RUNTIME_KEYS.stream().anyMatch(k::startsWith));
    return raw;
  }

  private HttpSourceHandler handler(String name) {
    return Configs.configure(factory, Map.of("port", "1", "handler", name)).handler().newHandler();
  }
}
