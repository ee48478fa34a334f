package io.sluice.core.avro;

import io.sluice.api.Sink;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SinkContext;
import io.sluice.api.spi.SinkFactory;
import io.sluice.rpc.Compression;
import io.sluice.rpc.tls.ClientTls;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@code avro} sink (Flume's AvroSink) with Flume's keys, plus Sluice's {@code
 * ssl-verify-hostname} (default true: Flume never checks the server's host name) and {@code
 * keystore*} (a client certificate for mutual TLS). Any positive timeout is honoured; Flume
 * silently replaces values under one second with 20 s. TLS keys left unset fall back to Flume's
 * global TLS settings. Immutable; thread-safe.
 */
public final class AvroSinkFactory implements SinkFactory<AvroSinkConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(AvroSinkFactory.class);
  static final ConfigKey<String> HOSTNAME = ConfigKey.string("hostname").required()
      .check(s -> !s.isEmpty(), "a host name or address").doc("Host of the next hop's Avro source");
  static final ConfigKey<Integer> PORT = ConfigKey.integer("port").required().between(1, 65535)
      .doc("Port of the next hop's Avro source");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batch-size").defaultValue(100)
      .atLeast(1).doc("Most events taken per transaction and sent per call");
  static final ConfigKey<Long> CONNECT_TIMEOUT = ConfigKey.longInt("connect-timeout")
      .defaultValue(2_000L).atLeast(1)
      .doc("Milliseconds for connecting, TLS and Avro handshakes (Flume: 20000; Sluice keeps it"
          + " short so a black-holed peer is abandoned within two seconds)");
  static final ConfigKey<Long> REQUEST_TIMEOUT = ConfigKey.longInt("request-timeout")
      .atLeast(1).doc("Milliseconds to wait for each reply; when unset, ten times the recent"
          + " batch latency, between 6000 (the next hop's default channel keep-alive of 3 s, twice)"
          + " and 20000 (Flume: a fixed 20000)");
  static final ConfigKey<Long> RESET_CONNECTION_INTERVAL =
      ConfigKey.longInt("reset-connection-interval").defaultValue(0L).atLeast(0)
          .doc("Seconds after which the connection is replaced (rebalances behind a load "
              + "balancer); 0 = never");
  static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.string("compression-type")
      .defaultValue("none").oneOf("none", "deflate").doc("none or deflate; must match the source");
  static final ConfigKey<Integer> COMPRESSION_LEVEL = ConfigKey.integer("compression-level")
      .defaultValue(6).between(0, 9).doc("Deflate level 0..9");
  static final ConfigKey<Boolean> TRUST_ALL_CERTS = ConfigKey.bool("trust-all-certs")
      .defaultValue(false).doc("Accept any server certificate (no checks at all; tests only)");
  static final ConfigKey<Boolean> SSL_VERIFY_HOSTNAME = ConfigKey.bool("ssl-verify-hostname")
      .defaultValue(true).doc("Sluice: check that the server certificate names 'hostname' "
          + "(Flume never checks; set false for Flume's behaviour)");
  static final ConfigKey<String> MAX_IO_WORKERS = ConfigKey.ignored("maxIoWorkers",
      "each Avro sink uses one I/O thread for its single connection (Flume 1.11 ignores it too)");

  private final GlobalTlsSettings globals;

  /** Global TLS settings from the JVM's system properties and the process environment. */
  public AvroSinkFactory() {
    this(GlobalTlsSettings.ofProcess());
  }

  AvroSinkFactory(GlobalTlsSettings globals) {
    this.globals = globals;
  }

  @Override
  public String type() {
    return "avro";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.sink.AvroSink");
  }

  @Override
  public Class<?> componentClass() {
    return AvroSink.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(HOSTNAME, PORT, BATCH_SIZE, CONNECT_TIMEOUT, REQUEST_TIMEOUT,
        RESET_CONNECTION_INTERVAL, COMPRESSION_TYPE, COMPRESSION_LEVEL, TlsKeys.SSL,
        TRUST_ALL_CERTS, TlsKeys.TRUSTSTORE, TlsKeys.TRUSTSTORE_PASSWORD, TlsKeys.TRUSTSTORE_TYPE,
        SSL_VERIFY_HOSTNAME, TlsKeys.KEYSTORE, TlsKeys.KEYSTORE_PASSWORD, TlsKeys.KEYSTORE_TYPE,
        TlsKeys.INCLUDE_PROTOCOLS, TlsKeys.EXCLUDE_PROTOCOLS, TlsKeys.INCLUDE_CIPHER_SUITES,
        TlsKeys.EXCLUDE_CIPHER_SUITES, MAX_IO_WORKERS);
  }

  @Override
  public AvroSinkConfig configure(ConfigValues v) {
    ComponentTls resolved = new ComponentTls(v, globals);
    ClientTls tls = tls(v, resolved);
    return new AvroSinkConfig(v.get(HOSTNAME), v.get(PORT), v.get(BATCH_SIZE),
        Duration.ofMillis(v.get(CONNECT_TIMEOUT)),
        v.isSet(REQUEST_TIMEOUT) ? Duration.ofMillis(v.get(REQUEST_TIMEOUT)) : null,
        Duration.ofSeconds(v.get(RESET_CONNECTION_INTERVAL)),
        Compression.fromFlumeName(v.get(COMPRESSION_TYPE)), v.get(COMPRESSION_LEVEL), tls,
        resolved.fromGlobals());
  }

  private static ClientTls tls(ConfigValues v, ComponentTls resolved) {
    if (!v.get(TlsKeys.SSL)) {
      return null; // like Flume, TLS keys (and the globals) are ignored without ssl = true
    }
    boolean trustAll = v.get(TRUST_ALL_CERTS);
    // a trust store that would not be used is not read (nor a global one logged)
    return new ClientTls(trustAll ? null : resolved.trustStore(), trustAll,
        v.get(SSL_VERIFY_HOSTNAME), resolved.keyStore(), resolved.filters());
  }

  /** A check the operator switched off is said once at start, so it never goes unnoticed. */
  private static void warnIfWeakened(String sink, AvroSinkConfig config) {
    ClientTls tls = config.tls();
    if (tls == null) {
      return;
    }
    if (tls.trustAllCerts()) {
      LOG.warn("Avro sink {}: trust-all-certs = true: any certificate is accepted from {}:{}; anyone"
          + " on the path can read and change the data (meant for tests only)", sink,
          config.hostname(), config.port());
    } else if (!tls.verifyHostname()) {
      LOG.warn("Avro sink {}: ssl-verify-hostname = false: any trusted certificate is accepted for {},"
          + " whatever host it names", sink, config.hostname());
    }
  }

  @Override
  public Sink create(AvroSinkConfig config, SinkContext context) {
    GlobalTlsSettings.logUse("Avro sink " + context.componentName(), config.tlsFromGlobals());
    warnIfWeakened(context.componentName(), config);
    return new AvroSink(context.componentName(), context.channel(), config,
        context.threadFactory("rpc"), context.clock(), context.metrics());
  }
}
