package io.sluice.core.avro;

import io.sluice.api.config.ConfigKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume 1.11's global TLS settings: the JSSE system properties ({@code javax.net.ssl.keyStore},
 * ...), Flume's {@code flume.ssl.*} filter properties and the {@code FLUME_SSL_*} environment
 * variables, read through two lookup functions so tests can inject them. They only stand in for
 * TLS keys a component leaves unset; {@code ssl = true} is still needed per component. Immutable;
 * thread-safe when the lookups are.
 */
final class GlobalTlsSettings {
  private static final Logger LOG = LoggerFactory.getLogger(GlobalTlsSettings.class);

  /** The system property and environment variable standing in for one TLS key. */
  private record Names(String systemProperty, String environmentVariable) {}

  private static final Map<String, Names> BY_KEY = Map.of(
      TlsKeys.KEYSTORE.name(), new Names("javax.net.ssl.keyStore", "FLUME_SSL_KEYSTORE_PATH"),
      TlsKeys.KEYSTORE_PASSWORD.name(),
      new Names("javax.net.ssl.keyStorePassword", "FLUME_SSL_KEYSTORE_PASSWORD"),
      TlsKeys.KEYSTORE_TYPE.name(),
      new Names("javax.net.ssl.keyStoreType", "FLUME_SSL_KEYSTORE_TYPE"),
      TlsKeys.TRUSTSTORE.name(), new Names("javax.net.ssl.trustStore", "FLUME_SSL_TRUSTSTORE_PATH"),
      TlsKeys.TRUSTSTORE_PASSWORD.name(),
      new Names("javax.net.ssl.trustStorePassword", "FLUME_SSL_TRUSTSTORE_PASSWORD"),
      TlsKeys.TRUSTSTORE_TYPE.name(),
      new Names("javax.net.ssl.trustStoreType", "FLUME_SSL_TRUSTSTORE_TYPE"),
      TlsKeys.INCLUDE_PROTOCOLS.name(),
      new Names("flume.ssl.include.protocols", "FLUME_SSL_INCLUDE_PROTOCOLS"),
      TlsKeys.EXCLUDE_PROTOCOLS.name(),
      new Names("flume.ssl.exclude.protocols", "FLUME_SSL_EXCLUDE_PROTOCOLS"),
      TlsKeys.INCLUDE_CIPHER_SUITES.name(),
      new Names("flume.ssl.include.cipherSuites", "FLUME_SSL_INCLUDE_CIPHERSUITES"),
      TlsKeys.EXCLUDE_CIPHER_SUITES.name(),
      new Names("flume.ssl.exclude.cipherSuites", "FLUME_SSL_EXCLUDE_CIPHERSUITES"));

  /**
   * A TLS key's value and where it came from.
   *
   * @param origin the global it came from, e.g. {@code system property javax.net.ssl.keyStore};
   *     null for the component's own key or the key's default
   */
  record Setting(String value, String origin) {
    /** For error messages: {@code " (from <origin>)"}, or nothing. */
    String fromWhere() {
      return origin == null ? "" : " (from " + origin + ")";
    }
  }

  private final UnaryOperator<String> systemProperties;
  private final UnaryOperator<String> environment;

  /** Each lookup returns null for a name that is not set. */
  GlobalTlsSettings(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  /** The JVM's system properties and the process environment. */
  static GlobalTlsSettings ofProcess() {
    return new GlobalTlsSettings(System::getProperty, System::getenv);
  }

  /**
   * The global value for {@code key}: its system property, else its environment variable. A blank
   * value counts as unset, so {@code export FLUME_SSL_KEYSTORE_PATH=} disables it.
   */
  Optional<Setting> lookup(ConfigKey<?> key) {
    Names names = BY_KEY.get(key.name());
    if (names == null) {
      return Optional.empty();
    }
    return find(systemProperties, "system property ", names.systemProperty())
        .or(() -> find(environment, "environment variable ", names.environmentVariable()));
  }

  /** For hints in errors: {@code javax.net.ssl.keyStore or FLUME_SSL_KEYSTORE_PATH}. */
  static String namesOf(ConfigKey<?> key) {
    Names names = BY_KEY.get(key.name());
    return names.systemProperty() + " or " + names.environmentVariable();
  }

  /** One INFO line per component that took values from the globals; silent when it took none. */
  static void logUse(String component, List<String> fromGlobals) {
    if (!fromGlobals.isEmpty()) {
      LOG.info("{} takes TLS settings from the global settings: {}", component,
          String.join(", ", fromGlobals));
    }
  }

  private static Optional<Setting> find(UnaryOperator<String> lookup, String kind, String name) {
    String value = lookup.apply(name);
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(new Setting(value.trim(), kind + name));
  }
}
