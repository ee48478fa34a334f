package io.sluice.it.avro;

import io.sluice.core.avro.TestKeys;
import java.util.HashMap;
import java.util.Map;

/** The interop matrix: plain, deflate, TLS, TLS + deflate, as Flume keys for each side. */
enum TransportMode {
  PLAIN(false, false),
  DEFLATE(false, true),
  TLS(true, false),
  TLS_DEFLATE(true, true);

  final boolean tls;
  final boolean deflate;

  TransportMode(boolean tls, boolean deflate) {
    this.tls = tls;
    this.deflate = deflate;
  }

  /** Keys of an Avro source (Flume's or ours) serving this mode with {@code keys}. */
  Map<String, String> sourceKeys(TestKeys keys) {
    Map<String, String> m = new HashMap<>();
    m.put("compression-type", deflate ? "deflate" : "none");
    if (tls) {
      m.put("ssl", "true");
      m.put("keystore", keys.keyStore().toString());
      m.put("keystore-password", TestKeys.PASSWORD);
      m.put("keystore-type", "PKCS12");
    }
    return m;
  }

  /** Keys of an Avro sink or SDK client (Flume's or ours) speaking this mode. */
  Map<String, String> clientKeys(TestKeys keys) {
    Map<String, String> m = new HashMap<>();
    m.put("compression-type", deflate ? "deflate" : "none");
    if (deflate) {
      m.put("compression-level", "6");
    }
    if (tls) {
      m.put("ssl", "true");
      m.put("truststore", keys.trustStore().toString());
      m.put("truststore-password", TestKeys.PASSWORD);
      m.put("truststore-type", "JKS");
    }
    return m;
  }

  /** Flume properties lines for component {@code prefix} (e.g. {@code a1.sources.r1.}). */
  static String lines(String prefix, Map<String, String> keys) {
    StringBuilder b = new StringBuilder();
    keys.forEach((k, v) -> b.append(prefix).append(k).append(" = ")
        .append(v.replace("\\", "/")).append('\n'));
    return b.toString();
  }
}
