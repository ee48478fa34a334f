package io.sluice.core.avro;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import io.sluice.rpc.Compression;
import io.sluice.rpc.server.IpFilterRules;
import io.sluice.rpc.tls.KeyStoreSource;
import io.sluice.rpc.tls.ServerTls;
import java.time.Duration;
import java.util.Set;

/**
 * Makes the {@code avro} source (Flume's AvroSource) with Flume's keys, plus Sluice's mutual-TLS
 * keys ({@code ssl-client-auth}, {@code truststore*}) and wire limits. TLS keys left unset fall
 * back to Flume's global TLS settings. Immutable; thread-safe.
 */
public final class AvroSourceFactory implements SourceFactory<AvroSourceConfig> {
  static final ConfigKey<String> BIND = ConfigKey.string("bind").required()
      .check(s -> !s.isEmpty(), "a host name or address").doc("Address to listen on");
  static final ConfigKey<Integer> PORT = ConfigKey.integer("port").required().between(0, 65535)
      .doc("Port to listen on; 0 picks a free one");
  static final ConfigKey<Integer> THREADS = ConfigKey.integer("threads").defaultValue(8)
      .atLeast(1).doc("Threads that put received batches into the channels (honoured, unlike "
          + "Flume 1.11)");
  static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.string("compression-type")
      .defaultValue("none").oneOf("none", "deflate")
      .doc("none or deflate; must match the senders");
  static final ConfigKey<String> SSL_CLIENT_AUTH = ConfigKey.string("ssl-client-auth")
      .defaultValue("none").oneOf("none", "require")
      .doc("Sluice: 'require' makes senders present a certificate trusted by truststore "
          + "(mutual TLS)");
  static final ConfigKey<Boolean> IP_FILTER = ConfigKey.bool("ipFilter").defaultValue(false)
      .doc("Apply ipFilterRules to every new connection");
  static final ConfigKey<String> IP_FILTER_RULES = ConfigKey.string("ipFilterRules")
      .doc("Comma-separated allow|deny:ip|name:<glob> rules; the first match wins");
  static final ConfigKey<Integer> MAX_EVENTS_PER_BATCH = ConfigKey.integer("max-events-per-batch")
      .defaultValue(100_000).atLeast(1)
      .doc("Sluice: a call with more events closes its connection before anything is allocated");
  static final ConfigKey<Integer> MAX_FRAME_BYTES = ConfigKey.integer("max-frame-bytes")
      .defaultValue(64 << 20).atLeast(1024).doc("Sluice: largest accepted Avro frame in bytes");
  static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey.integer("max-connections")
      .defaultValue(4096).atLeast(1).doc("Sluice: more connections than this are closed on accept");
  static final ConfigKey<Integer> IDLE_TIMEOUT = ConfigKey.integer("idle-timeout")
      .defaultValue(60).atLeast(0).doc("Sluice: seconds a connection may hold part of a frame "
          + "(or wait for its first) without completing one, however many bytes trickle in, "
          + "before it is closed; 0 disables");
  static final ConfigKey<Integer> MAX_EVENT_BYTES = ConfigKey.integer("max-event-bytes")
      .defaultValue(32 << 20).atLeast(1)
      .doc("Sluice: largest event body in bytes (at most max-frame-bytes); a larger one closes "
          + "its connection");
  static final ConfigKey<Integer> MAX_HEADERS_PER_EVENT = ConfigKey.integer("max-headers-per-event")
      .defaultValue(1024).atLeast(0)
      .doc("Sluice: an event with more headers closes its connection");
  static final ConfigKey<Integer> MAX_HEADER_BYTES_PER_EVENT =
      ConfigKey.integer("max-header-bytes-per-event").defaultValue(64 << 10).atLeast(0)
          .doc("Sluice: an event whose headers take more bytes (as sent) closes its connection");
  /** Also the netcat source's: the same cap, meaning and default. */
  public static final ConfigKey<Integer> MAX_CONNECTIONS_PER_PEER =
      ConfigKey.integer("max-connections-per-peer").atLeast(1)
          .doc("Sluice: more connections than this from one remote address are closed on "
              + "accept; default a quarter of max-connections");
  static final ConfigKey<Long> MAX_BUFFERED_BYTES = ConfigKey.longInt("max-buffered-bytes")
      .atLeast(1).doc("Sluice: bytes all connections together may hold in partial frames, "
          + "calls waiting for a channel and unread replies (at least max-frame-bytes); the "
          + "oldest partial frames are closed to make room, else the newcomer is closed or its "
          + "call answered FAILED; default a quarter of the heap (-Xmx)");
  static final ConfigKey<Integer> CONNECTION_IDLE_TIMEOUT =
      ConfigKey.integer("connection-idle-timeout").defaultValue(600).atLeast(0)
          .doc("Sluice: seconds a connection may stay idle between calls before it is closed "
              + "(senders reconnect); 0 keeps idle connections");
  static final ConfigKey<Integer> WRITE_TIMEOUT = ConfigKey.integer("write-timeout")
      .defaultValue(30).atLeast(0).doc("Sluice: seconds a sender may leave its replies unread "
          + "(it is not read from meanwhile) before it is closed; 0 never closes it");

  /** Deprecated: accepted with one warning and ignored; refused from the next release on. */
  static final ConfigKey<String> SPIN_MICROS = ConfigKey.ignored("spin-micros",
      "deprecated Sluice key, no longer used (the Avro source does not poll connections any "
          + "more); remove it, the next release will refuse it");

  private final GlobalTlsSettings globals;

  /** Global TLS settings from the JVM's system properties and the process environment. */
  public AvroSourceFactory() {
    this(GlobalTlsSettings.ofProcess());
  }

  AvroSourceFactory(GlobalTlsSettings globals) {
    this.globals = globals;
  }

  @Override
  public String type() {
    return "avro";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.AvroSource");
  }

  @Override
  public Class<?> componentClass() {
    return AvroSource.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(BIND, PORT, THREADS, COMPRESSION_TYPE, TlsKeys.SSL, TlsKeys.KEYSTORE,
        TlsKeys.KEYSTORE_PASSWORD, TlsKeys.KEYSTORE_TYPE, SSL_CLIENT_AUTH, TlsKeys.TRUSTSTORE,
        TlsKeys.TRUSTSTORE_PASSWORD, TlsKeys.TRUSTSTORE_TYPE, TlsKeys.INCLUDE_PROTOCOLS,
        TlsKeys.EXCLUDE_PROTOCOLS, TlsKeys.INCLUDE_CIPHER_SUITES, TlsKeys.EXCLUDE_CIPHER_SUITES,
        IP_FILTER, IP_FILTER_RULES, MAX_EVENTS_PER_BATCH, MAX_FRAME_BYTES, MAX_EVENT_BYTES,
        MAX_HEADERS_PER_EVENT, MAX_HEADER_BYTES_PER_EVENT, MAX_CONNECTIONS,
        MAX_CONNECTIONS_PER_PEER, MAX_BUFFERED_BYTES, IDLE_TIMEOUT, CONNECTION_IDLE_TIMEOUT,
        WRITE_TIMEOUT, SPIN_MICROS);
  }

  @Override
  public AvroSourceConfig configure(ConfigValues v) {
    ComponentTls resolved = new ComponentTls(v, globals);
    ServerTls tls = tls(v, resolved);
    int maxFrameBytes = v.get(MAX_FRAME_BYTES);
    return new AvroSourceConfig(v.get(BIND), v.get(PORT), v.get(THREADS),
        Compression.fromFlumeName(v.get(COMPRESSION_TYPE)), tls, ipFilter(v),
        v.get(MAX_EVENTS_PER_BATCH), maxFrameBytes, maxEventBytes(v, maxFrameBytes),
        v.get(MAX_HEADERS_PER_EVENT), v.get(MAX_HEADER_BYTES_PER_EVENT), v.get(MAX_CONNECTIONS),
        v.isSet(MAX_CONNECTIONS_PER_PEER) ? v.get(MAX_CONNECTIONS_PER_PEER) : 0,
        maxBufferedBytes(v, maxFrameBytes), Duration.ofSeconds(v.get(IDLE_TIMEOUT)),
        Duration.ofSeconds(v.get(CONNECTION_IDLE_TIMEOUT)),
        Duration.ofSeconds(v.get(WRITE_TIMEOUT)), resolved.fromGlobals());
  }

  /** The default shrinks with a smaller {@code max-frame-bytes}; a set value may not exceed it. */
  private static int maxEventBytes(ConfigValues v, int maxFrameBytes) {
    if (!v.isSet(MAX_EVENT_BYTES)) {
      return Math.min(MAX_EVENT_BYTES.defaultValue(), maxFrameBytes);
    }
    int max = v.get(MAX_EVENT_BYTES);
    if (max > maxFrameBytes) {
      throw new ConfigException(MAX_EVENT_BYTES.name(), "max-event-bytes = " + max
          + " exceeds max-frame-bytes = " + maxFrameBytes + "; an event must fit in a frame");
    }
    return max;
  }

  /** 0 (unset) lets the server derive it from the heap. */
  private static long maxBufferedBytes(ConfigValues v, int maxFrameBytes) {
    if (!v.isSet(MAX_BUFFERED_BYTES)) {
      return 0;
    }
    long max = v.get(MAX_BUFFERED_BYTES);
    if (max < maxFrameBytes) {
      throw new ConfigException(MAX_BUFFERED_BYTES.name(), "max-buffered-bytes = " + max
          + " is below max-frame-bytes = " + maxFrameBytes + "; one largest frame must fit");
    }
    return max;
  }

  private static ServerTls tls(ConfigValues v, ComponentTls resolved) {
    boolean require = v.get(SSL_CLIENT_AUTH).equalsIgnoreCase("require");
    if (!v.get(TlsKeys.SSL)) {
      if (require) {
        throw new ConfigException(SSL_CLIENT_AUTH.name(), "ssl-client-auth = require needs ssl = true");
      }
      return null;
    }
    KeyStoreSource keys = resolved.keyStore();
    if (keys == null) {
      throw new ConfigException(TlsKeys.KEYSTORE.name(), "ssl = true needs a keystore (or the"
          + " global " + GlobalTlsSettings.namesOf(TlsKeys.KEYSTORE) + ")");
    }
    // the trust store only checks client certificates; without them it is not read
    KeyStoreSource trust = require ? resolved.trustStore() : null;
    if (require && trust == null) {
      // without one the JDK's public CAs would decide who may send: not mutual TLS at all
      throw new ConfigException(TlsKeys.TRUSTSTORE.name(), "ssl-client-auth = require needs a truststore"
          + " naming the CAs of the senders (or the global " + GlobalTlsSettings.namesOf(TlsKeys.TRUSTSTORE)
          + "); the JDK's public CAs are never used to authenticate senders");
    }
    return new ServerTls(keys, trust, require, resolved.filters());
  }

  private static IpFilterRules ipFilter(ConfigValues v) {
    if (!v.get(IP_FILTER)) {
      return null;
    }
    String rules = v.get(IP_FILTER_RULES);
    if (rules == null || rules.isEmpty()) {
      throw new ConfigException(IP_FILTER_RULES.name(), "ipFilter = true needs ipFilterRules");
    }
    try {
      return IpFilterRules.parse(rules);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(IP_FILTER_RULES.name(), e.getMessage());
    }
  }

  @Override
  public Source create(AvroSourceConfig config, SourceContext context) {
    GlobalTlsSettings.logUse("Avro source " + context.componentName(), config.tlsFromGlobals());
    return new AvroSource(context.componentName(), config, context.channelProcessor(),
        new AvroSourceCounters(context.metrics()), context.threadFactory("rpc"));
  }
}
