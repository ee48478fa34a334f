package io.sluice.core.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.core.testutil.Configs;
import io.sluice.rpc.tls.ClientTls;
import io.sluice.rpc.tls.ServerTls;
import io.sluice.rpc.tls.TlsFilters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flume's global TLS settings as fallbacks for the Avro source's and sink's TLS keys. */
class AvroGlobalTlsConfigTest {
  private static final Map<String, String> SOURCE =
      Map.of("bind", "0.0.0.0", "port", "4141", "ssl", "true");
  private static final Map<String, String> SINK =
      Map.of("hostname", "h", "port", "4141", "ssl", "true");
  private static final String MISSING = "/nonexistent/keys.p12";

  @TempDir Path tmp;
  private final Map<String, String> sys = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();
  private String own;
  private String fromSys;
  private String fromEnv;

  @BeforeEach
  void stores() throws IOException {
    own = Files.writeString(tmp.resolve("own.p12"), "x").toString();
    fromSys = Files.writeString(tmp.resolve("sys.p12"), "x").toString();
    fromEnv = Files.writeString(tmp.resolve("env.p12"), "x").toString();
  }

  private GlobalTlsSettings globals() {
    return new GlobalTlsSettings(sys::get, env::get);
  }

  private AvroSourceConfig source(String... kv) {
    return Configs.configure(new AvroSourceFactory(globals()), with(SOURCE, kv));
  }

  private AvroSinkConfig sink(String... kv) {
    return Configs.configure(new AvroSinkFactory(globals()), with(SINK, kv));
  }

  private static Map<String, String> with(Map<String, String> base, String... kv) {
    Map<String, String> m = new HashMap<>(base);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static ConfigProblem problem(Runnable r) {
    ConfigException e = assertThrows(ConfigException.class, r::run);
    assertEquals(1, e.problems().size(), e.getMessage());
    return e.problems().get(0);
  }

  @Test
  void componentKeyBeatsSystemPropertyBeatsEnvironment() {
    sys.put("javax.net.ssl.keyStore", fromSys);
    env.put("FLUME_SSL_KEYSTORE_PATH", fromEnv);
    assertEquals(Path.of(own), source("keystore", own).tls().keyStore().path());
    assertEquals(Path.of(fromSys), source().tls().keyStore().path());
    sys.clear();
    assertEquals(Path.of(fromEnv), source().tls().keyStore().path());
  }

  @Test
  void theHigherPlaceWinsWithoutReadingABadPathBelowIt() {
    env.put("FLUME_SSL_TRUSTSTORE_PATH", MISSING);
    sys.put("javax.net.ssl.trustStore", fromSys);
    assertEquals(Path.of(fromSys), sink().tls().trustStore().path());
    sys.put("javax.net.ssl.trustStore", MISSING);
    assertEquals(Path.of(own), sink("truststore", own).tls().trustStore().path());
  }

  @Test
  void eachKeyFallsBackOnItsOwnAsInFlume() {
    sys.put("javax.net.ssl.keyStoreType", "PKCS12");
    env.put("FLUME_SSL_KEYSTORE_PASSWORD", "s3cret");
    ServerTls tls = source("keystore", own).tls();
    assertEquals("PKCS12", tls.keyStore().type(), "the component's keystore, the global type");
    assertEquals("s3cret", tls.keyStore().password());
    assertEquals("JKS", source("keystore", own, "keystore-type", "JKS").tls().keyStore().type(),
        "an explicit keystore-type beats the global even though it equals the default");
    sys.clear();
    assertEquals("JKS", source("keystore", own).tls().keyStore().type(), "the key's default");
  }

  @Test
  void filtersFromGlobalsAreCommaSeparatedAsInFlume() {
    sys.put("flume.ssl.include.protocols", "TLSv1.2, TLSv1.3");
    env.put("FLUME_SSL_EXCLUDE_PROTOCOLS", "TLSv1.3");
    env.put("FLUME_SSL_INCLUDE_CIPHERSUITES", "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384");
    env.put("FLUME_SSL_EXCLUDE_CIPHERSUITES", "TLS_AES_256_GCM_SHA384");
    sys.put("javax.net.ssl.keyStore", fromSys);
    assertEquals(new TlsFilters(List.of("TLSv1.2", "TLSv1.3"), List.of("TLSv1.3"),
            List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"),
            List.of("TLS_AES_256_GCM_SHA384")),
        source().tls().filters());
    TlsFilters keys = sink("include-protocols", "TLSv1.3", "exclude-protocols", "").tls().filters();
    assertEquals(List.of("TLSv1.3"), keys.includeProtocols());
    assertEquals(List.of(), keys.excludeProtocols(), "an explicit empty key beats the global");
    assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"),
        keys.includeCipherSuites());
  }

  @Test
  void unreadableGlobalStoreNamesTheProperty() {
    sys.put("javax.net.ssl.keyStore", MISSING);
    ConfigProblem p = problem(this::source);
    assertEquals("keystore", p.key());
    assertEquals("cannot read " + MISSING + " (from system property javax.net.ssl.keyStore)",
        p.message());
    sys.clear();
    env.put("FLUME_SSL_TRUSTSTORE_PATH", MISSING);
    assertEquals("truststore: cannot read " + MISSING
        + " (from environment variable FLUME_SSL_TRUSTSTORE_PATH)", problem(this::sink).toString());
  }

  @Test
  void invalidGlobalTypeNamesTheVariable() {
    sys.put("javax.net.ssl.keyStore", fromSys);
    env.put("FLUME_SSL_KEYSTORE_TYPE", "PKCS11");
    ConfigProblem p = problem(this::source);
    assertEquals("keystore-type", p.key());
    assertEquals("'PKCS11' must be one of JKS, PKCS12 (from environment variable "
        + "FLUME_SSL_KEYSTORE_TYPE)", p.message());
  }

  @Test
  void missingKeyStoreHintsAtTheGlobalsAndBlankGlobalsCountAsUnset() {
    sys.put("javax.net.ssl.keyStore", "  ");
    env.put("FLUME_SSL_KEYSTORE_PATH", "");
    ConfigProblem p = problem(this::source);
    assertEquals("keystore", p.key());
    assertTrue(p.message().contains("javax.net.ssl.keyStore or FLUME_SSL_KEYSTORE_PATH"),
        p.message());
  }

  @Test
  void globalsOnlySupplyValuesWhenSslIsOn() {
    sys.put("javax.net.ssl.keyStore", MISSING);
    sys.put("javax.net.ssl.trustStore", MISSING);
    AvroSourceConfig s = source("ssl", "false");
    assertNull(s.tls());
    assertEquals(List.of(), s.tlsFromGlobals());
    AvroSinkConfig k = sink("ssl", "false");
    assertNull(k.tls());
    assertEquals(List.of(), k.tlsFromGlobals());
  }

  @Test
  void storesThatWouldNotBeUsedAreNotRead() {
    sys.put("javax.net.ssl.trustStore", MISSING);
    ClientTls trustAll = sink("trust-all-certs", "true").tls();
    assertNull(trustAll.trustStore());
    sys.put("javax.net.ssl.keyStore", fromSys);
    ServerTls noClientAuth = source().tls();
    assertNull(noClientAuth.trustStore(), "without ssl-client-auth no trust store is needed");
    assertEquals("truststore",
        problem(() -> source("ssl-client-auth", "require")).key());
  }

  @Test
  void mutualTlsNeedsATruststoreAndNeverFallsBackToTheJdkCas() {
    ConfigProblem p = problem(() -> source("keystore", own, "ssl-client-auth", "require"));
    assertEquals("truststore", p.key());
    assertTrue(p.message().contains("ssl-client-auth = require"), p.message());
    sys.put("javax.net.ssl.trustStore", fromSys);
    assertEquals(Path.of(fromSys),
        source("keystore", own, "ssl-client-auth", "require").tls().trustStore().path());
  }

  @Test
  void theGlobalsTakenAreListedWithoutPasswords() {
    sys.put("javax.net.ssl.keyStore", fromSys);
    sys.put("javax.net.ssl.keyStorePassword", "s3cret");
    env.put("FLUME_SSL_KEYSTORE_TYPE", "pkcs12");
    env.put("FLUME_SSL_TRUSTSTORE_PASSWORD", "an0ther");
    List<String> taken = source().tlsFromGlobals();
    assertEquals(List.of(
        "keystore = " + fromSys + " (system property javax.net.ssl.keyStore)",
        "keystore-type = pkcs12 (environment variable FLUME_SSL_KEYSTORE_TYPE)",
        "keystore-password (system property javax.net.ssl.keyStorePassword)"), taken,
        "the trust store password is not taken: the source reads no trust store here");
    assertFalse(taken.toString().contains("s3cret"));
    assertEquals(List.of(), source("keystore", own, "keystore-password", "p",
        "keystore-type", "JKS").tlsFromGlobals());
  }
}
