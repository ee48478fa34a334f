package io.sluice.core.avro;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.rpc.tls.KeyStoreSource;
import io.sluice.rpc.tls.TlsFilters;
import java.nio.file.Path;

/**
 * Flume's TLS keys shared by the Avro source and sink: key and trust store files and the protocol
 * and cipher-suite filters (space-separated lists). Stateless.
 */
final class TlsKeys {
  static final ConfigKey<Boolean> SSL = ConfigKey.bool("ssl").defaultValue(false)
      .doc("Use TLS on the connection");
  static final ConfigKey<String> KEYSTORE = ConfigKey.string("keystore")
      .doc("Key store file with this side's private key and certificate");
  static final ConfigKey<String> KEYSTORE_PASSWORD = ConfigKey.string("keystore-password")
      .doc("Password of the key store (and of its key)");
  static final ConfigKey<String> KEYSTORE_TYPE = ConfigKey.string("keystore-type")
      .defaultValue("JKS").oneOf("JKS", "PKCS12").doc("JKS or PKCS12");
  static final ConfigKey<String> TRUSTSTORE = ConfigKey.string("truststore")
      .doc("Trust store file with the certificates to trust; unset means the JDK's cacerts");
  static final ConfigKey<String> TRUSTSTORE_PASSWORD = ConfigKey.string("truststore-password")
      .doc("Password of the trust store, if it has one");
  static final ConfigKey<String> TRUSTSTORE_TYPE = ConfigKey.string("truststore-type")
      .defaultValue("JKS").oneOf("JKS", "PKCS12").doc("JKS or PKCS12");
  static final ConfigKey<String> INCLUDE_PROTOCOLS = ConfigKey.string("include-protocols")
      .defaultValue("").doc("TLS protocols to enable (space-separated); empty means the JDK's");
  static final ConfigKey<String> EXCLUDE_PROTOCOLS = ConfigKey.string("exclude-protocols")
      .defaultValue("SSLv3").doc("TLS protocols to disable; SSLv3 is always disabled");
  static final ConfigKey<String> INCLUDE_CIPHER_SUITES = ConfigKey.string("include-cipher-suites")
      .defaultValue("").doc("Cipher suites to enable (space-separated); empty means the JDK's");
  static final ConfigKey<String> EXCLUDE_CIPHER_SUITES = ConfigKey.string("exclude-cipher-suites")
      .defaultValue("").doc("Cipher suites to disable");

  private TlsKeys() {}

  static TlsFilters filters(ConfigValues v) {
    return new TlsFilters(TlsFilters.splitList(v.get(INCLUDE_PROTOCOLS)),
        TlsFilters.splitList(v.get(EXCLUDE_PROTOCOLS)),
        TlsFilters.splitList(v.get(INCLUDE_CIPHER_SUITES)),
        TlsFilters.splitList(v.get(EXCLUDE_CIPHER_SUITES)));
  }

  /** The key store, or null when {@code keystore} is unset. */
  static KeyStoreSource keyStore(ConfigValues v) {
    return store(v, KEYSTORE, KEYSTORE_TYPE, KEYSTORE_PASSWORD);
  }

  /** The trust store, or null when {@code truststore} is unset. */
  static KeyStoreSource trustStore(ConfigValues v) {
    return store(v, TRUSTSTORE, TRUSTSTORE_TYPE, TRUSTSTORE_PASSWORD);
  }

  private static KeyStoreSource store(ConfigValues v, ConfigKey<String> file,
      ConfigKey<String> type, ConfigKey<String> password) {
    String path = v.get(file);
    if (path == null || path.isEmpty()) {
      return null;
    }
    Path p = Path.of(path);
    if (!p.toFile().canRead()) {
      throw new ConfigException(file.name(), "cannot read " + p);
    }
    return new KeyStoreSource(p, v.get(type), v.get(password));
  }
}
