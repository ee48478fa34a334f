package io.sluice.rpc.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** Builds Netty {@link SslContext}s (JDK provider) from the TLS records. Stateless. */
public final class SslContexts {
  private SslContexts() {}

  public static SslContext forServer(ServerTls tls) {
    try {
      SslContextBuilder b = SslContextBuilder.forServer(keyManagers(tls.keyStore()));
      if (tls.trustStore() != null) {
        b.trustManager(trustManagers(tls.trustStore()));
      }
      b.clientAuth(tls.requireClientAuth() ? ClientAuth.REQUIRE : ClientAuth.NONE);
      return finish(b, tls.filters());
    } catch (GeneralSecurityException | SSLException e) {
      throw new IllegalArgumentException("cannot build server TLS context from " + tls.keyStore()
          + ": " + e.getMessage(), e);
    }
  }

  public static SslContext forClient(ClientTls tls) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient();
      if (tls.trustAllCerts()) {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE);
      } else if (tls.trustStore() != null) {
        b.trustManager(trustManagers(tls.trustStore()));
      }
      if (tls.keyStore() != null) {
        b.keyManager(keyManagers(tls.keyStore()));
      }
      return finish(b, tls.filters());
    } catch (GeneralSecurityException | SSLException e) {
      throw new IllegalArgumentException("cannot build client TLS context: " + e.getMessage(), e);
    }
  }

  private static SslContext finish(SslContextBuilder b, TlsFilters filters)
      throws GeneralSecurityException, SSLException {
    SSLParameters defaults = SSLContext.getDefault().getDefaultSSLParameters();
    b.sslProvider(SslProvider.JDK).protocols(filters.protocols(defaults.getProtocols()));
    var ciphers = filters.cipherSuites(defaults.getCipherSuites());
    if (ciphers != null) {
      b.ciphers(ciphers, IdentityCipherSuiteFilter.INSTANCE);
    }
    return b.build();
  }

  private static KeyManagerFactory keyManagers(KeyStoreSource source)
      throws GeneralSecurityException {
    KeyStore ks = source.load();
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, source.passwordChars());
    return kmf;
  }

  private static TrustManagerFactory trustManagers(KeyStoreSource source)
      throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(source.load());
    return tmf;
  }
}
