package io.sluice.rpc.tls;

/**
 * Client-side TLS. Unlike Flume, the server host name is verified by default. Immutable.
 *
 * @param trustStore trusted server CAs; null means the JDK default trust store
 * @param trustAllCerts Flume's {@code trust-all-certs}: no certificate check at all (tests only)
 * @param verifyHostname check the server certificate against the host name we connect to
 * @param keyStore client certificate for mutual TLS, or null
 */
public record ClientTls(
    KeyStoreSource trustStore,
    boolean trustAllCerts,
    boolean verifyHostname,
    KeyStoreSource keyStore,
    TlsFilters filters) {
  public ClientTls {
    filters = filters == null ? TlsFilters.defaults() : filters;
  }

  /** Trusts {@code trustStore}, verifies the host name, no client certificate. */
  public static ClientTls trusting(KeyStoreSource trustStore) {
    return new ClientTls(trustStore, false, true, null, TlsFilters.defaults());
  }
}
