package io.sluice.edge.http;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceHandlerResolver;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import io.sluice.edge.plugin.LazyProviders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@code http} source (Flume's {@code org.apache.flume.source.http.HTTPSource}) with
 * Flume's keys, Sluice's limits, and Flume's Jetty pass-through keys accepted and ignored, but for
 * the TLS ones ({@code SslContextFactory.*}: see {@link JettyClientAuth}). TLS keys left unset fall back to
 * Flume's global TLS settings. Immutable; thread-safe.
 */
public final class HttpSourceFactory implements SourceFactory<HttpSourceConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(HttpSourceFactory.class);

  static final ConfigKey<String> BIND = ConfigKey.string("bind").defaultValue("0.0.0.0")
      .check(s -> !s.isEmpty(), "a host name or address").doc("Address to listen on");
  static final ConfigKey<Integer> PORT = ConfigKey.integer("port").required().between(0, 65535)
      .doc("Port to listen on; 0 picks a free one");
  static final ConfigKey<String> HANDLER = ConfigKey.string("handler")
      .defaultValue(HandlerSpec.FLUME_JSON)
      .doc("Turns a request into events: " + HandlerSpec.FLUME_JSON + " (json), ndjson, "
          + HandlerSpec.FLUME_BLOB + " (blob), or a class implementing "
          + HttpSourceHandler.class.getName() + " or Flume's " + HandlerSpec.FLUME_HANDLER_INTERFACE);
  static final ConfigPrefix<String> HANDLER_PROPERTIES = ConfigPrefix.strings("handler.")
      .doc("Passed to the handler, prefix removed");
  static final ConfigKey<Integer> MAX_REQUEST_BYTES = ConfigKey.integer("maxRequestBytes")
      .defaultValue(4 << 20).atLeast(1)
      .doc("Sluice: largest request body in bytes; a larger one is answered 413 without being"
          + " read into memory");
  static final ConfigKey<Integer> MAX_BUFFERED_REQUEST_BYTES =
      ConfigKey.integer("maxBufferedRequestBytes").defaultValue(64 << 20).atLeast(1)
      .doc("Sluice: bytes of request bodies, arriving or waiting for their answer, that all"
          + " connections may hold at once (never less than maxRequestBytes); a body that would"
          + " pass it is answered 503 and its connection closed");
  static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey.integer("max-connections")
      .defaultValue(1024).atLeast(1).doc("Sluice: more connections than this are closed on accept");
  static final ConfigKey<Integer> IDLE_TIMEOUT = ConfigKey.integer("idle-timeout")
      .defaultValue(60).atLeast(0)
      .doc("Sluice: seconds a connection may stay silent outside a request (or stall inside one)"
          + " before it is closed; 0 disables");
  static final ConfigKey<Integer> THREADS = ConfigKey.integer("threads").defaultValue(8)
      .between(1, 1024)
      .doc("Sluice: threads for the requests that may wait (the others are answered on the I/O"
          + " threads)");
  static final ConfigKey<Integer> RETRY_AFTER = ConfigKey.integer("retryAfterSeconds")
      .defaultValue(1).between(0, 3600)
      .doc("Sluice: the Retry-After header of a 503 (channel full)");

  /** Flume's Jetty pass-through keys: accepted, ignored, one warning; SslContextFactory's apart. */
  static final List<ConfigPrefix<String>> JETTY = List.of(
      ConfigPrefix.strings("QueuedThreadPool.").doc("Flume's Jetty setting; ignored"),
      ConfigPrefix.strings("HttpConfiguration.").doc("Flume's Jetty setting; ignored"),
      ConfigPrefix.strings(JettyClientAuth.PREFIX).doc("Flume's Jetty TLS setting: with ssl,"
          + " needClientAuth, trustStorePath, trustStorePassword, trustStoreType are applied"
          + " (mutual TLS), wantClientAuth is ignored, any other is refused; ignored without ssl"),
      ConfigPrefix.strings("ServerConnector.").doc("Flume's Jetty setting; ignored"));

  private final UnaryOperator<String> systemProperties;
  private final UnaryOperator<String> environment;
  /** Shared by every http source this factory configures, and across reloads. */
  private final LazyProviders<HttpSourceHandlerResolver> handlerResolvers =
      new LazyProviders<>(HttpSourceHandlerResolver.class);

  /** Global TLS settings from the JVM's system properties and the process environment. */
  public HttpSourceFactory() {
    this(System::getProperty, System::getenv);
  }

  HttpSourceFactory(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  @Override
  public String type() {
    return "http";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.http.HTTPSource");
  }

  @Override
  public Class<?> componentClass() {
    return HttpSource.class;
  }

  @Override
  public ConfigDef configDef() {
    List<ConfigKey<?>> keys = new ArrayList<>(List.of(BIND, PORT, HANDLER, MAX_REQUEST_BYTES,
        MAX_BUFFERED_REQUEST_BYTES, MAX_CONNECTIONS, IDLE_TIMEOUT, THREADS, RETRY_AFTER));
    keys.addAll(HttpTls.KEYS);
    List<ConfigPrefix<?>> prefixes = new ArrayList<>(JETTY);
    prefixes.add(0, HANDLER_PROPERTIES);
    return ConfigDef.of(keys.toArray(ConfigKey<?>[]::new))
        .withPrefixes(prefixes.toArray(ConfigPrefix<?>[]::new));
  }

  @Override
  public HttpSourceConfig configure(ConfigValues v) {
    HandlerSpec handler;
    try {
      handler = HandlerSpec.resolve(v.get(HANDLER), v.get(HANDLER_PROPERTIES), handlerResolvers);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(HANDLER.name(), e.getMessage());
    }
    HttpTls tls = new HttpTls(v, systemProperties, environment);
    List<String> ignored = new ArrayList<>();
    Map<String, String> jettyTls = Map.of();
    for (ConfigPrefix<String> p : JETTY) {
      if (p.prefix().equals(JettyClientAuth.PREFIX)) {
        jettyTls = v.get(p);
      } else {
        v.get(p).keySet().forEach(k -> ignored.add(p.prefix() + k));
      }
    }
    var serverTls = tls.serverTls(jettyTls);
    if (serverTls == null) {
      jettyTls.keySet().forEach(k -> ignored.add(JettyClientAuth.PREFIX + k));
    } else if (JettyClientAuth.wantsClientAuth(jettyTls)) {
      ignored.add(JettyClientAuth.PREFIX + "wantClientAuth");
    }
    return new HttpSourceConfig(v.get(BIND), v.get(PORT), handler, serverTls, tls.fromGlobals(),
        v.get(MAX_REQUEST_BYTES),
        Math.max((long) v.get(MAX_BUFFERED_REQUEST_BYTES), v.get(MAX_REQUEST_BYTES)),
        v.get(MAX_CONNECTIONS), Duration.ofSeconds(v.get(IDLE_TIMEOUT)),
        v.get(THREADS), v.get(RETRY_AFTER), ignored);
  }

  @Override
  public Source create(HttpSourceConfig config, SourceContext context) {
    String name = context.componentName();
    if (!config.ignoredKeys().isEmpty()) {
      LOG.warn("HTTP source {}: Flume's Jetty settings {} are accepted for compatibility but"
          + " ignored (Sluice's server is not Jetty; see docs/sources/http.md)", name,
          config.ignoredKeys());
    }
    if (!config.tlsFromGlobals().isEmpty()) {
      LOG.info("HTTP source {} takes TLS settings from the global settings: {}", name,
          String.join(", ", config.tlsFromGlobals()));
    }
    return new HttpSource(name, config, config.handler().newHandler(), context.channelProcessor(),
        new HttpCounters(context.metrics()), context::threadFactory);
  }
}
