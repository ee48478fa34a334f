package io.sluice.edge.syslog;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.rpc.tls.KeyStoreSource;
import io.sluice.rpc.tls.ServerTls;
import io.sluice.rpc.tls.TlsFilters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Flume's TLS keys of the TCP syslog sources and how they resolve, as the Avro source does it:
 * each key from the component when set there, else from Flume's global setting (the JSSE system
 * property, Flume's {@code flume.ssl.*} property, then the {@code FLUME_SSL_*} environment
 * variable), else its default. {@code ssl = true} is still needed per source. Immutable.
 */
final class SyslogTls {
  static final ConfigKey<Boolean> SSL = ConfigKey.bool("ssl").defaultValue(false)
      .doc("Serve TLS on the port(s)");
  static final ConfigKey<String> KEYSTORE = ConfigKey.string("keystore")
      .doc("Key store file with the server's private key and certificate");
  static final ConfigKey<String> KEYSTORE_PASSWORD = ConfigKey.string("keystore-password")
      .doc("Password of the key store (and of its key)");
  static final ConfigKey<String> KEYSTORE_TYPE = ConfigKey.string("keystore-type")
      .defaultValue("JKS").oneOf("JKS", "PKCS12").doc("JKS or PKCS12");
  static final ConfigKey<String> INCLUDE_PROTOCOLS = ConfigKey.string("include-protocols")
      .defaultValue("").doc("TLS protocols to enable (space-separated); empty means the JDK's");
  static final ConfigKey<String> EXCLUDE_PROTOCOLS = ConfigKey.string("exclude-protocols")
      .defaultValue("SSLv3").doc("TLS protocols to disable; SSLv3 is always disabled");
  static final ConfigKey<String> INCLUDE_CIPHER_SUITES = ConfigKey.string("include-cipher-suites")
      .defaultValue("").doc("Cipher suites to enable (space-separated); empty means the JDK's");
  static final ConfigKey<String> EXCLUDE_CIPHER_SUITES = ConfigKey.string("exclude-cipher-suites")
      .defaultValue("").doc("Cipher suites to disable");

  static final List<ConfigKey<?>> KEYS = List.of(SSL, KEYSTORE, KEYSTORE_PASSWORD, KEYSTORE_TYPE,
      INCLUDE_PROTOCOLS, EXCLUDE_PROTOCOLS, INCLUDE_CIPHER_SUITES, EXCLUDE_CIPHER_SUITES);

  /** The system property and environment variable standing in for each key. */
  private static final Map<String, String[]> GLOBALS = Map.of(
      KEYSTORE.name(), new String[] {"javax.net.ssl.keyStore", "FLUME_SSL_KEYSTORE_PATH"},
      KEYSTORE_PASSWORD.name(),
      new String[] {"javax.net.ssl.keyStorePassword", "FLUME_SSL_KEYSTORE_PASSWORD"},
      KEYSTORE_TYPE.name(), new String[] {"javax.net.ssl.keyStoreType", "FLUME_SSL_KEYSTORE_TYPE"},
      INCLUDE_PROTOCOLS.name(),
      new String[] {"flume.ssl.include.protocols", "FLUME_SSL_INCLUDE_PROTOCOLS"},
      EXCLUDE_PROTOCOLS.name(),
      new String[] {"flume.ssl.exclude.protocols", "FLUME_SSL_EXCLUDE_PROTOCOLS"},
      INCLUDE_CIPHER_SUITES.name(),
      new String[] {"flume.ssl.include.cipherSuites", "FLUME_SSL_INCLUDE_CIPHERSUITES"},
      EXCLUDE_CIPHER_SUITES.name(),
      new String[] {"flume.ssl.exclude.cipherSuites", "FLUME_SSL_EXCLUDE_CIPHERSUITES"});

  private final UnaryOperator<String> systemProperties;
  private final UnaryOperator<String> environment;

  SyslogTls(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  static SyslogTls ofProcess() {
    return new SyslogTls(System::getProperty, System::getenv);
  }

  /** The TLS settings, or null when {@code ssl} is false; adds what came from globals to {@code used}. */
  ServerTls resolve(ConfigValues v, List<String> used) {
    if (!v.get(SSL)) {
      return null;
    }
    String keystore = get(v, KEYSTORE, used);
    if (keystore == null || keystore.isEmpty()) {
      throw new ConfigException(KEYSTORE.name(), "ssl = true needs a keystore (or the global "
          + String.join(" or ", GLOBALS.get(KEYSTORE.name())) + ")");
    }
    Path path = Path.of(keystore);
    if (!path.toFile().canRead()) {
      throw new ConfigException(KEYSTORE.name(), "cannot read " + path);
    }
    String type = get(v, KEYSTORE_TYPE, used);
    if (!type.equalsIgnoreCase("JKS") && !type.equalsIgnoreCase("PKCS12")) {
      throw new ConfigException(KEYSTORE_TYPE.name(), "'" + type + "' must be one of JKS, PKCS12");
    }
    KeyStoreSource keys = new KeyStoreSource(path, type, get(v, KEYSTORE_PASSWORD, used));
    TlsFilters filters = new TlsFilters(list(v, INCLUDE_PROTOCOLS, used), list(v, EXCLUDE_PROTOCOLS, used),
        list(v, INCLUDE_CIPHER_SUITES, used), list(v, EXCLUDE_CIPHER_SUITES, used));
    return new ServerTls(keys, null, false, filters);
  }

  private List<String> list(ConfigValues v, ConfigKey<String> key, List<String> used) {
    // Flume's global lists are comma-separated, the component keys space-separated
    String value = get(v, key, used);
    return TlsFilters.splitList(v.isSet(key) ? value : value.replace(',', ' '));
  }

  private String get(ConfigValues v, ConfigKey<String> key, List<String> used) {
    if (v.isSet(key)) {
      return v.get(key);
    }
    String[] names = GLOBALS.get(key.name());
    String[] kinds = {"system property ", "environment variable "};
    List<UnaryOperator<String>> lookups = new ArrayList<>(List.of(systemProperties, environment));
    for (int i = 0; i < 2; i++) {
      String value = lookups.get(i).apply(names[i]);
      if (value != null && !value.isBlank()) {
        used.add(key == KEYSTORE_PASSWORD ? key.name() + " (" + kinds[i] + names[i] + ")"
            : key.name() + " = " + value.trim() + " (" + kinds[i] + names[i] + ")");
        return value.trim();
      }
    }
    return v.get(key);
  }
}
