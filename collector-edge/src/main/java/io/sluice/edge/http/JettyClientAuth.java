package io.sluice.edge.http;

import io.sluice.api.config.ConfigException;
import io.sluice.rpc.tls.KeyStoreSource;
import io.sluice.rpc.tls.ServerTls;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Jetty {@code SslContextFactory.*} keys of Flume's HTTP source that Sluice applies: client
 * certificates (mutual TLS) and their trust store. With {@code ssl} on, any other key under that
 * prefix is refused: silently serving other TLS than the config asks for is worse than not
 * starting. Stateless.
 */
final class JettyClientAuth {
  static final String PREFIX = "SslContextFactory.";
  private static final String NEED_CLIENT_AUTH = "needClientAuth";
  private static final String WANT_CLIENT_AUTH = "wantClientAuth";
  private static final String TRUST_STORE_PATH = "trustStorePath";
  private static final String TRUST_STORE_PASSWORD = "trustStorePassword";
  private static final String TRUST_STORE_TYPE = "trustStoreType";
  private static final List<String> KEYS = List.of(NEED_CLIENT_AUTH, WANT_CLIENT_AUTH,
      TRUST_STORE_PATH, TRUST_STORE_PASSWORD, TRUST_STORE_TYPE);

  private JettyClientAuth() {}

  /**
   * {@code plain} with the client authentication {@code jetty} asks for.
   *
   * @param jetty the {@code SslContextFactory.*} values, by the part after the prefix
   */
  static ServerTls applyTo(ServerTls plain, Map<String, String> jetty) {
    for (String k : jetty.keySet()) {
      if (!KEYS.contains(k)) {
        throw new ConfigException(PREFIX + k, "Sluice's HTTP server is not Jetty and applies only "
            + PREFIX + "{" + String.join(", ", KEYS) + "}; set TLS with the source's own keys"
            + " (keystore, include-protocols, ...) or remove it");
      }
    }
    boolean need = flag(jetty, NEED_CLIENT_AUTH);
    String trustPath = jetty.get(TRUST_STORE_PATH);
    KeyStoreSource trust = null;
    if (trustPath != null && !trustPath.isBlank()) {
      Path p = Path.of(trustPath.trim());
      if (!p.toFile().canRead()) {
        throw new ConfigException(PREFIX + TRUST_STORE_PATH, "cannot read " + p);
      }
      String type = jetty.getOrDefault(TRUST_STORE_TYPE, plain.keyStore().type()).trim();
      trust = new KeyStoreSource(p, type, jetty.get(TRUST_STORE_PASSWORD));
      HttpTls.loadable(trust, PREFIX + TRUST_STORE_PATH);
    } else if (jetty.containsKey(TRUST_STORE_PASSWORD) || jetty.containsKey(TRUST_STORE_TYPE)) {
      throw new ConfigException(PREFIX + TRUST_STORE_PATH, "is needed with "
          + PREFIX + TRUST_STORE_PASSWORD + " / " + TRUST_STORE_TYPE);
    } else if (need) {
      trust = plain.keyStore(); // Jetty trusts what its key store holds when no trust store is set
    }
    return new ServerTls(plain.keyStore(), trust, need, plain.filters());
  }

  /** Whether {@code SslContextFactory.wantClientAuth} is set: asked for, never enforced by Jetty. */
  static boolean wantsClientAuth(Map<String, String> jetty) {
    return flag(jetty, WANT_CLIENT_AUTH);
  }

  private static boolean flag(Map<String, String> jetty, String key) {
    String v = jetty.get(key);
    if (v == null) {
      return false;
    }
    String t = v.trim();
    if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
      throw new ConfigException(PREFIX + key, "'" + v + "' must be true or false");
    }
    return Boolean.parseBoolean(t);
  }
}
