package io.sluice.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume 1.11's global TLS settings as the defaults of a Kafka client's {@code ssl.*} keys, as
 * Flume's {@code KafkaSSLUtil.addGlobalSSLParameters} applies them: only when the client's
 * {@code security.protocol} is {@code SSL} or {@code SASL_SSL}, and only for a key the client's
 * own properties leave unset. Each value comes from its JSSE system property
 * ({@code javax.net.ssl.keyStore}, ...), else from Flume's environment variable
 * ({@code FLUME_SSL_KEYSTORE_PATH}, ...); a blank value counts as unset, as in the Avro
 * components' global settings. Immutable; thread-safe when the lookups are.
 */
final class GlobalSslDefaults {
  private static final Logger LOG = LoggerFactory.getLogger(GlobalSslDefaults.class);

  /** A Kafka client key and the two globals standing in for it. */
  private record Global(String clientKey, String systemProperty, String environmentVariable,
      boolean secret) {}

  private static final List<Global> GLOBALS = List.of(
      new Global("ssl.keystore.location", "javax.net.ssl.keyStore", "FLUME_SSL_KEYSTORE_PATH", false),
      new Global("ssl.keystore.password", "javax.net.ssl.keyStorePassword", "FLUME_SSL_KEYSTORE_PASSWORD", true),
      new Global("ssl.keystore.type", "javax.net.ssl.keyStoreType", "FLUME_SSL_KEYSTORE_TYPE", false),
      new Global("ssl.truststore.location", "javax.net.ssl.trustStore", "FLUME_SSL_TRUSTSTORE_PATH", false),
      new Global("ssl.truststore.password", "javax.net.ssl.trustStorePassword", "FLUME_SSL_TRUSTSTORE_PASSWORD",
          true),
      new Global("ssl.truststore.type", "javax.net.ssl.trustStoreType", "FLUME_SSL_TRUSTSTORE_TYPE", false));

  private final UnaryOperator<String> systemProperties;
  private final UnaryOperator<String> environment;

  /** Each lookup returns null for a name that is not set. */
  GlobalSslDefaults(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  /** The JVM's system properties and the process environment. */
  static GlobalSslDefaults ofProcess() {
    return new GlobalSslDefaults(System::getProperty, System::getenv);
  }

  /**
   * Adds the globals to {@code props} where they apply, and logs one INFO line naming what was
   * taken (never a password's value).
   *
   * @param client for the log line, e.g. {@code Kafka producer for host:9093}
   */
  void fillIn(Map<String, Object> props, String client) {
    if (!usesTls(props.get("security.protocol"))) {
      return;
    }
    List<String> taken = new ArrayList<>();
    for (Global g : GLOBALS) {
      if (props.containsKey(g.clientKey())) {
        continue;
      }
      String origin = "system property " + g.systemProperty();
      String value = valueOf(systemProperties.apply(g.systemProperty()));
      if (value == null) {
        origin = "environment variable " + g.environmentVariable();
        value = valueOf(environment.apply(g.environmentVariable()));
      }
      if (value != null) {
        props.put(g.clientKey(), value);
        taken.add(g.secret() ? g.clientKey() + " (" + origin + ")"
            : g.clientKey() + " = " + value + " (" + origin + ")");
      }
    }
    if (!taken.isEmpty()) {
      LOG.info("{} takes TLS settings from the global settings: {}", client, String.join(", ", taken));
    }
  }

  private static boolean usesTls(Object securityProtocol) {
    return "SSL".equals(securityProtocol) || "SASL_SSL".equals(securityProtocol);
  }

  private static String valueOf(String raw) {
    return raw == null || raw.isBlank() ? null : raw.trim();
  }
}
