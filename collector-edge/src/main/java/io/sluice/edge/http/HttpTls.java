package io.sluice.edge.http;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.rpc.tls.KeyStoreSource;
import io.sluice.rpc.tls.ServerTls;
import io.sluice.rpc.tls.TlsFilters;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The {@code http} source's TLS keys (Flume's {@code ssl}, {@code keystore}, {@code
 * keystore-password}, {@code keystore-type}, protocol and cipher-suite filters, plus the pre-1.9
 * spellings {@code enableSSL}, {@code keystorePassword}, {@code excludeProtocols}) resolved as
 * Flume 1.11 does: each key from the source's own config, else from Flume's global settings (the
 * {@code javax.net.ssl.*} and {@code flume.ssl.*} system properties, then the {@code FLUME_SSL_*}
 * environment variables), else its default. Confined to the thread configuring one source.
 */
final class HttpTls {
  static final ConfigKey<Boolean> SSL = ConfigKey.bool("ssl").defaultValue(false)
      .doc("Serve HTTPS");
  static final ConfigKey<Boolean> ENABLE_SSL = ConfigKey.bool("enableSSL")
      .doc("Flume before 1.9: the same as ssl");
  static final ConfigKey<String> KEYSTORE = ConfigKey.string("keystore")
      .doc("Key store file with the server's private key and certificate");
  static final ConfigKey<String> KEYSTORE_PASSWORD = ConfigKey.string("keystore-password")
      .doc("Password of the key store (and of its key)");
  static final ConfigKey<String> KEYSTORE_PASSWORD_OLD = ConfigKey.string("keystorePassword")
      .doc("Flume before 1.9: the same as keystore-password");
  static final ConfigKey<String> KEYSTORE_TYPE = ConfigKey.string("keystore-type")
      .defaultValue("JKS").oneOf("JKS", "PKCS12").doc("JKS or PKCS12");
  static final ConfigKey<String> INCLUDE_PROTOCOLS = ConfigKey.string("include-protocols")
      .defaultValue("").doc("TLS protocols to enable (space-separated); empty means the JDK's");
  static final ConfigKey<String> EXCLUDE_PROTOCOLS = ConfigKey.string("exclude-protocols")
      .defaultValue("SSLv3").doc("TLS protocols to disable; SSLv3 is always disabled");
  static final ConfigKey<String> EXCLUDE_PROTOCOLS_OLD = ConfigKey.string("excludeProtocols")
      .doc("Flume before 1.9: the same as exclude-protocols");
  static final ConfigKey<String> INCLUDE_CIPHER_SUITES = ConfigKey.string("include-cipher-suites")
      .defaultValue("").doc("Cipher suites to enable (space-separated regular expressions, as"
          + " Jetty reads them); empty means the JDK's");
  static final ConfigKey<String> EXCLUDE_CIPHER_SUITES = ConfigKey.string("exclude-cipher-suites")
      .defaultValue("").doc("Cipher suites to disable (space-separated regular expressions)");

  static final List<ConfigKey<?>> KEYS = List.of(SSL, ENABLE_SSL, KEYSTORE, KEYSTORE_PASSWORD,
      KEYSTORE_PASSWORD_OLD, KEYSTORE_TYPE, INCLUDE_PROTOCOLS, EXCLUDE_PROTOCOLS,
      EXCLUDE_PROTOCOLS_OLD, INCLUDE_CIPHER_SUITES, EXCLUDE_CIPHER_SUITES);

  /** The system property and environment variable standing in for a key. */
  private record Global(String property, String variable) {}

  private static final Map<String, Global> GLOBALS = Map.of(
      KEYSTORE.name(), new Global("javax.net.ssl.keyStore", "FLUME_SSL_KEYSTORE_PATH"),
      KEYSTORE_PASSWORD.name(),
      new Global("javax.net.ssl.keyStorePassword", "FLUME_SSL_KEYSTORE_PASSWORD"),
      KEYSTORE_TYPE.name(), new Global("javax.net.ssl.keyStoreType", "FLUME_SSL_KEYSTORE_TYPE"),
      INCLUDE_PROTOCOLS.name(),
      new Global("flume.ssl.include.protocols", "FLUME_SSL_INCLUDE_PROTOCOLS"),
      EXCLUDE_PROTOCOLS.name(),
      new Global("flume.ssl.exclude.protocols", "FLUME_SSL_EXCLUDE_PROTOCOLS"),
      INCLUDE_CIPHER_SUITES.name(),
      new Global("flume.ssl.include.cipherSuites", "FLUME_SSL_INCLUDE_CIPHERSUITES"),
      EXCLUDE_CIPHER_SUITES.name(),
      new Global("flume.ssl.exclude.cipherSuites", "FLUME_SSL_EXCLUDE_CIPHERSUITES"));

  /** A value and where it came from (null: the source's own key or the default). */
  private record Setting(String value, String origin) {
    String fromWhere() {
      return origin == null ? "" : " (from " + origin + ")";
    }
  }

  private final ConfigValues own;
  private final UnaryOperator<String> properties;
  private final UnaryOperator<String> environment;
  private final List<String> fromGlobals = new ArrayList<>();

  HttpTls(ConfigValues own, UnaryOperator<String> properties, UnaryOperator<String> environment) {
    this.own = own;
    this.properties = properties;
    this.environment = environment;
  }

  /**
   * The server's TLS settings, or null when neither {@code ssl} nor {@code enableSSL} is true.
   *
   * @param jetty the values of Flume's {@code SslContextFactory.*} keys, by the part after the
   *     prefix ({@link JettyClientAuth})
   */
  ServerTls serverTls(Map<String, String> jetty) {
    ServerTls plain = serverTls();
    // without ssl, Jetty does not use its SslContextFactory either
    return plain == null ? null : JettyClientAuth.applyTo(plain, jetty);
  }

  /**
   * The protocol and cipher-suite lists as Flume's Jetty reads them: cipher suites are regular
   * expressions over the JVM's supported suites ({@code .*_GCM_.*}), protocols this JVM does not
   * know are skipped; an include list that leaves nothing, or lists that leave no protocol or
   * suite, is a config error naming the key, not a server that refuses every handshake.
   */
  private static TlsFilters asJettyReadsThem(List<String> includeProtocols,
      List<String> excludeProtocols, List<String> includeSuites, List<String> excludeSuites) {
    SSLParameters supported;
    SSLParameters defaults;
    try {
      supported = SSLContext.getDefault().getSupportedSSLParameters();
      defaults = SSLContext.getDefault().getDefaultSSLParameters();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no default TLS context", e);
    }
    List<String> protocols = includeProtocols.stream()
        .filter(p -> Arrays.asList(supported.getProtocols()).contains(p)).toList();
    if (!includeProtocols.isEmpty() && protocols.isEmpty()) {
      throw new ConfigException(INCLUDE_PROTOCOLS.name(), includeProtocols + " names no TLS"
          + " protocol this JVM supports (" + String.join(" ", supported.getProtocols()) + ")");
    }
    List<String> suites = matching(INCLUDE_CIPHER_SUITES, includeSuites, supported);
    if (!includeSuites.isEmpty() && suites.isEmpty()) {
      throw new ConfigException(INCLUDE_CIPHER_SUITES.name(), includeSuites + " matches no"
          + " cipher suite this JVM supports");
    }
    TlsFilters filters = new TlsFilters(protocols, excludeProtocols, suites,
        matching(EXCLUDE_CIPHER_SUITES, excludeSuites, supported));
    try {
      filters.protocols(defaults.getProtocols());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(EXCLUDE_PROTOCOLS.name(), e.getMessage());
    }
    try {
      filters.cipherSuites(defaults.getCipherSuites());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(EXCLUDE_CIPHER_SUITES.name(), e.getMessage());
    }
    return filters;
  }

  /** The supported cipher suites that match one of {@code patterns} (Jetty's regex lists). */
  private static List<String> matching(ConfigKey<String> key, List<String> patterns,
      SSLParameters supported) {
    List<Pattern> compiled = new ArrayList<>();
    for (String p : patterns) {
      try {
        compiled.add(Pattern.compile(p));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(key.name(), "'" + p + "' is not a regular expression: "
            + e.getDescription());
      }
    }
    return Arrays.stream(supported.getCipherSuites())
        .filter(suite -> compiled.stream().anyMatch(c -> c.matcher(suite).matches())).toList();
  }

  /** Opens the store now, so that a wrong path, type or password is a config error naming its key. */
  static void loadable(KeyStoreSource store, String key) {
    try {
      store.load();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, e.getMessage());
    }
  }

  private ServerTls serverTls() {
    boolean ssl = own.isSet(SSL) ? own.get(SSL) : Boolean.TRUE.equals(own.get(ENABLE_SSL));
    if (!ssl) {
      return null;
    }
    Setting path = get(KEYSTORE, null);
    if (path.value() == null || path.value().isEmpty()) {
      throw new ConfigException(KEYSTORE.name(), "ssl = true needs a keystore (or the global "
          + GLOBALS.get(KEYSTORE.name()).property() + " or "
          + GLOBALS.get(KEYSTORE.name()).variable() + ")");
    }
    Path p = Path.of(path.value());
    if (!p.toFile().canRead()) {
      throw new ConfigException(KEYSTORE.name(), "cannot read " + p + path.fromWhere());
    }
    Setting password = get(KEYSTORE_PASSWORD, KEYSTORE_PASSWORD_OLD);
    if (password.value() == null) {
      throw new ConfigException(KEYSTORE_PASSWORD.name(), "ssl = true needs the key store's"
          + " password (or the global " + GLOBALS.get(KEYSTORE_PASSWORD.name()).property() + " or "
          + GLOBALS.get(KEYSTORE_PASSWORD.name()).variable() + ")");
    }
    KeyStoreSource keys = new KeyStoreSource(p, get(KEYSTORE_TYPE, null).value(),
        password.value());
    loadable(keys, KEYSTORE.name());
    TlsFilters filters = asJettyReadsThem(list(INCLUDE_PROTOCOLS, null),
        list(EXCLUDE_PROTOCOLS, EXCLUDE_PROTOCOLS_OLD), list(INCLUDE_CIPHER_SUITES, null),
        list(EXCLUDE_CIPHER_SUITES, null));
    return new ServerTls(keys, null, false, filters);
  }

  /** The values taken from the globals, as {@code key = value (origin)}; never a password. */
  List<String> fromGlobals() {
    return List.copyOf(fromGlobals);
  }

  private List<String> list(ConfigKey<String> key, ConfigKey<String> oldKey) {
    Setting s = get(key, oldKey);
    // Flume's global lists and its old keys are comma-separated, the current keys space-separated
    String value = s.value() == null ? "" : s.value().replace(',', ' ');
    return TlsFilters.splitList(value);
  }

  private Setting get(ConfigKey<String> key, ConfigKey<String> oldKey) {
    if (own.isSet(key)) {
      return new Setting(own.get(key), null);
    }
    if (oldKey != null && own.isSet(oldKey)) {
      return new Setting(own.get(oldKey), null);
    }
    Global g = GLOBALS.get(key.name());
    Setting s = find(properties, "system property ", g.property());
    if (s == null) {
      s = find(environment, "environment variable ", g.variable());
    }
    if (s == null) {
      return new Setting(own.get(key), null);
    }
    for (ConfigKey.Check<String> check : key.checks()) {
      if (!check.test().test(s.value())) {
        throw new ConfigException(key.name(),
            "'" + s.value() + "' must be " + check.expectation() + s.fromWhere());
      }
    }
    fromGlobals.add(key == KEYSTORE_PASSWORD
        ? key.name() + " (" + s.origin() + ")"
        : key.name() + " = " + s.value() + " (" + s.origin() + ")");
    return s;
  }

  private static Setting find(UnaryOperator<String> lookup, String kind, String name) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? null : new Setting(value.trim(), kind + name);
  }
}
