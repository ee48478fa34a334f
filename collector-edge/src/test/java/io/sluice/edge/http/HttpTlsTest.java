package io.sluice.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.Event;
import io.sluice.core.avro.TestKeys;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http source over TLS with a test key store (Flume's ssl/keystore keys). */
class HttpTlsTest {
  @TempDir
  Path dir;

  @Test
  void httpsPostsArriveAndPlainTextOnTheTlsPortIsRefused() throws Exception {
    TestKeys keys = TestKeys.create(dir, "http");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(trusting(keys.trustStore())).connectTimeout(Duration.ofSeconds(10)).build();
    try (HttpHarness h = new HttpHarness(100, Map.of("ssl", "true",
        "keystore", keys.keyStore().toString(), "keystore-password", TestKeys.PASSWORD,
        "keystore-type", "PKCS12", "exclude-protocols", "SSLv3 TLSv1 TLSv1.1"), client)) {
      URI https = URI.create("https://localhost:" + h.port() + "/");
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(https)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("[{\"headers\":{\"tls\":\"yes\"},\"body\":\"s\"}]"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      List<Event> events = h.events();
      assertEquals(1, events.size());
      assertEquals("yes", events.get(0).getHeaders().get("tls"));

      // plain HTTP to the TLS port: the connection is closed, the server goes on
      try (Socket s = RawHttp.connect(h.port())) {
        RawHttp.write(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n[]");
        InputStream in = s.getInputStream();
        byte[] rest = in.readAllBytes(); // ends when the server closes
        assertEquals(false, new String(rest).startsWith("HTTP/1.1 200"));
      } catch (java.net.SocketException reset) {
        // closed with a reset: also fine
      }
      assertEquals(200, client.send(HttpRequest.newBuilder(https)
          .POST(HttpRequest.BodyPublishers.ofString("[{\"body\":\"again\"}]")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    }
  }

  @Test
  void sslWithoutAKeystoreIsAConfigurationProblem() {
    HttpSourceFactory f = new HttpSourceFactory(k -> null, k -> null);
    var parsed = io.sluice.core.testutil.Configs.parse(f, Map.of("port", "0", "ssl", "true"));
    var e = assertThrows(io.sluice.api.config.ConfigException.class,
        () -> f.configure(parsed.values()));
    assertEquals(true, e.getMessage().contains("keystore"), e.getMessage());
  }

  @Test
  void flumesGlobalKeystoreSettingsApply() throws Exception {
    TestKeys keys = TestKeys.create(dir, "global");
    Map<String, String> props = Map.of("javax.net.ssl.keyStore", keys.keyStore().toString(),
        "javax.net.ssl.keyStorePassword", TestKeys.PASSWORD, "javax.net.ssl.keyStoreType", "PKCS12");
    HttpSourceFactory f = new HttpSourceFactory(props::get, k -> null);
    HttpSourceConfig c = io.sluice.core.testutil.Configs.configure(f,
        Map.of("port", "0", "enableSSL", "true"));
    assertEquals(keys.keyStore(), c.tls().keyStore().path());
    assertEquals("PKCS12", c.tls().keyStore().type());
    assertEquals(3, c.tlsFromGlobals().size(), c.tlsFromGlobals().toString());
    assertEquals(false, c.tlsFromGlobals().toString().contains(TestKeys.PASSWORD));
  }

  @Test
  void flumesJettyNeedClientAuthAndTrustStoreRequireAClientCertificate() throws Exception {
    TestKeys server = TestKeys.create(dir, "http");
    TestKeys clientKeys = TestKeys.create(dir, "client");
    HttpClient anonymous = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(trusting(server.trustStore())).connectTimeout(Duration.ofSeconds(10)).build();
    HttpClient withCertificate = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(withKey(clientKeys.keyStore(), server.trustStore()))
        .connectTimeout(Duration.ofSeconds(10)).build();
    try (HttpHarness h = new HttpHarness(100, Map.of("ssl", "true",
        "keystore", server.keyStore().toString(), "keystore-password", TestKeys.PASSWORD,
        "keystore-type", "PKCS12", "SslContextFactory.needClientAuth", "true",
        "SslContextFactory.trustStorePath", clientKeys.trustStore().toString(),
        "SslContextFactory.trustStorePassword", TestKeys.PASSWORD,
        "SslContextFactory.trustStoreType", "JKS"), anonymous)) {
      HttpRequest post = HttpRequest.newBuilder(URI.create("https://localhost:" + h.port() + "/"))
          .POST(HttpRequest.BodyPublishers.ofString("[{\"body\":\"m\"}]")).build();
      assertThrows(java.io.IOException.class,
          () -> anonymous.send(post, HttpResponse.BodyHandlers.ofString()));
      assertEquals(0, h.events().size());
      assertEquals(200, withCertificate.send(post, HttpResponse.BodyHandlers.ofString()).statusCode());
      assertEquals(1, h.events().size());
    }
  }

  @Test
  void needClientAuthWithoutATrustStoreTrustsTheKeyStoreAsJettyDoes() throws Exception {
    TestKeys server = TestKeys.create(dir, "http-own");
    TestKeys stranger = TestKeys.create(dir, "stranger");
    HttpClient withStrangersKey = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(withKey(stranger.keyStore(), server.trustStore()))
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpClient withServersKey = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(withKey(server.keyStore(), server.trustStore()))
        .connectTimeout(Duration.ofSeconds(10)).build();
    try (HttpHarness h = new HttpHarness(100, Map.of("ssl", "true",
        "keystore", server.keyStore().toString(), "keystore-password", TestKeys.PASSWORD,
        "keystore-type", "PKCS12", "SslContextFactory.needClientAuth", "true"),
        withStrangersKey)) {
      HttpRequest post = HttpRequest.newBuilder(URI.create("https://localhost:" + h.port() + "/"))
          .POST(HttpRequest.BodyPublishers.ofString("[{\"body\":\"m\"}]")).build();
      assertThrows(java.io.IOException.class,
          () -> withStrangersKey.send(post, HttpResponse.BodyHandlers.ofString()),
          "a certificate the key store does not hold is refused, not the JDK's CAs consulted");
      assertEquals(0, h.events().size());
      assertEquals(200, withServersKey.send(post, HttpResponse.BodyHandlers.ofString()).statusCode());
      assertEquals(1, h.events().size());
    }
  }

  @Test
  void cipherSuiteListsAreRegularExpressionsAsFlumesJettyReadsThem() throws Exception {
    TestKeys keys = TestKeys.create(dir, "http");
    HttpSourceFactory f = new HttpSourceFactory(k -> null, k -> null);
    HttpSourceConfig c = io.sluice.core.testutil.Configs.configure(f, Map.of("port", "0",
        "ssl", "true", "keystore", keys.keyStore().toString(), "keystore-password", TestKeys.PASSWORD,
        "keystore-type", "PKCS12", "exclude-cipher-suites", ".*_GCM_.* .*CHACHA.*",
        "include-protocols", "TLSv1.2 TLSv1.3 TLSv9"));
    List<String> excluded = c.tls().filters().excludeCipherSuites();
    assertEquals(true, excluded.contains("TLS_AES_256_GCM_SHA384"), excluded.toString());
    assertEquals(true, excluded.stream().allMatch(x -> x.contains("_GCM_") || x.contains("CHACHA")));
    assertEquals(List.of("TLSv1.2", "TLSv1.3"), c.tls().filters().includeProtocols());
  }

  @Test
  void tlsSettingsSluiceCannotApplyOrCannotOpenAreConfigurationErrorsNamingTheKey() throws Exception {
    TestKeys keys = TestKeys.create(dir, "http");
    HttpSourceFactory f = new HttpSourceFactory(k -> null, k -> null);
    Map<String, String> tls = Map.of("port", "0", "ssl", "true", "keystore",
        keys.keyStore().toString(), "keystore-password", TestKeys.PASSWORD, "keystore-type", "PKCS12");
    java.util.function.Function<Map<String, String>, String> failingKey = extra -> {
      Map<String, String> all = new java.util.HashMap<>(tls);
      all.putAll(extra);
      var parsed = io.sluice.core.testutil.Configs.parse(f, all);
      return assertThrows(io.sluice.api.config.ConfigException.class,
          () -> f.configure(parsed.values())).problems().get(0).key();
    };
    assertEquals("SslContextFactory.excludeCipherSuites",
        failingKey.apply(Map.of("SslContextFactory.excludeCipherSuites", ".*_GCM_.*")));
    assertEquals("keystore", failingKey.apply(Map.of("keystore-password", "wrong")));
    assertEquals("include-cipher-suites", failingKey.apply(Map.of("include-cipher-suites", "TLS_FOO")));
    assertEquals("include-protocols", failingKey.apply(Map.of("include-protocols", "TLSv1.4")));
    assertEquals("exclude-cipher-suites", failingKey.apply(Map.of("exclude-cipher-suites", ".*")));
    assertEquals("exclude-cipher-suites", failingKey.apply(Map.of("exclude-cipher-suites", "(")));
    Path notAStore = Files.writeString(dir.resolve("not-a-store.jks"), "not a key store");
    assertEquals("SslContextFactory.trustStorePath",
        failingKey.apply(Map.of("SslContextFactory.trustStorePath", notAStore.toString())));
    Map<String, String> noPassword = new java.util.HashMap<>(tls);
    noPassword.remove("keystore-password");
    var parsed = io.sluice.core.testutil.Configs.parse(f, noPassword);
    assertEquals("keystore-password", assertThrows(io.sluice.api.config.ConfigException.class,
        () -> f.configure(parsed.values())).problems().get(0).key());
  }

  private static SSLContext withKey(Path keyStore, Path trustStore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      ks.load(in, TestKeys.PASSWORD.toCharArray());
    }
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
        javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, TestKeys.PASSWORD.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), trustManagers(trustStore), null);
    return ctx;
  }

  private static javax.net.ssl.TrustManager[] trustManagers(Path trustStore) throws Exception {
    KeyStore ks = KeyStore.getInstance("JKS");
    try (InputStream in = Files.newInputStream(trustStore)) {
      ks.load(in, TestKeys.PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return tmf.getTrustManagers();
  }

  private static SSLContext trusting(Path trustStore) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, trustManagers(trustStore), null);
    return ctx;
  }
}
