package io.sluice.core.avro;

import io.sluice.api.config.ConfigKey;

/**
 * Flume's TLS keys shared by the Avro source and sink: key and trust store files and the protocol
 * and cipher-suite filters (space-separated lists). Every key but {@code ssl} falls back to
 * Flume's global settings ({@link GlobalTlsSettings}); {@link ComponentTls} resolves them.
 * Stateless.
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
      .doc("Trust store file with the certificates to trust; unset, and with no global setting,"
          + " means the JDK's cacerts");
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
}
