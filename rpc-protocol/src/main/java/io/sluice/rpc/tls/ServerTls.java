package io.sluice.rpc.tls;

import java.util.Objects;

/**
 * Server-side TLS: the server's key store, and for mutual TLS a trust store plus {@code
 * requireClientAuth}. Immutable.
 *
 * @param trustStore trusted client CAs; null means the JDK default trust store
 */
public record ServerTls(
    KeyStoreSource keyStore, KeyStoreSource trustStore, boolean requireClientAuth, TlsFilters filters) {
  public ServerTls {
    Objects.requireNonNull(keyStore, "keyStore (Flume 'keystore') is required for ssl=true");
    filters = filters == null ? TlsFilters.defaults() : filters;
  }

  public static ServerTls of(KeyStoreSource keyStore) {
    return new ServerTls(keyStore, null, false, TlsFilters.defaults());
  }
}
