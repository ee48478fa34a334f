package io.sluice.flumecompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.http.HttpBadRequestException;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler built against Flume 1.11's servlet-based {@code HTTPSourceHandler} (the test plugin
 * jar's {@code RequestLinesHandler}) resolved through the adapter as the {@code http} source
 * resolves it, from the user's classpath and from plugins.d: what it reads of the request through
 * the servlet API, its 400s, and the configuration problems that name it. The same handler in
 * Flume's own Jetty source and in Sluice's, over real sockets, is {@code FlumeHttpHandlerIT}.
 */
class FlumeHttpHandlersInSluiceTest {
  private static final String HANDLER = "com.example.RequestLinesHandler";

  @TempDir static Path work;

  private static HttpSourceHandler handler(Map<String, String> keys) throws IOException {
    try (URLClassLoader userClasspath = FlumePluginJar.userClassLoader(work)) {
      Supplier<HttpSourceHandler> maker = resolver().resolve(HANDLER, userClasspath);
      HttpSourceHandler h = maker.get();
      h.configure(keys);
      return h;
    }
  }

  private static FlumeHttpHandlerResolver resolver() {
    return new FlumeHttpHandlerResolver(new FlumeCompatSettings(FlumePluginJar.apiDir(), List.of()));
  }

  private static List<String> lines(List<Event> events) {
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      out.add(new String(e.getBody(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void theHandlerReadsTheRequestThroughTheServletApi() throws Exception {
    HttpSourceHandler h = handler(Map.of("prefix", "r."));
    assertTrue(h.toString().contains(HANDLER), h.toString());
    TestRequest request = new TestRequest("POST", "/in/a%20b?app=web&x=1", "caf\u00e9 one\n\ntwo\n"
        .getBytes(StandardCharsets.UTF_8))
        .header("Host", "edge-1:5140")
        .header("content-type", "text/plain; charset=UTF-8").header("user-agent", "test")
        .header("Accept-Language", "de;q=0.5, en-GB, fr-ch;q=0.8")
        .header("X-Date", "Sunday, 06-Nov-94 08:49:37 GMT") // RFC 850, as RFC 1123 and asctime
        .header("X-Tag", "a").header("x-tag", "b").header("X-Host", "h1").header("X-Seq", "42");

    List<Event> events = h.getEvents(request);

    assertEquals(List.of("caf\u00e9 one", "two"), lines(events));
    Map<String, String> headers = new TreeMap<>(events.get(1).getHeaders());
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("r.line", "2"), Map.entry("r.method", "POST"), Map.entry("r.uri", "/in/a%20b"),
        Map.entry("r.query", "app=web&x=1"), Map.entry("r.app", "web"),
        Map.entry("r.params", "[app, x]"), Map.entry("r.tags", "a,b"), Map.entry("r.host", "h1"),
        Map.entry("r.charset", "UTF-8"),
        Map.entry("r.contentType", "text/plain; charset=UTF-8"),
        Map.entry("r.length", Integer.toString(request.body.length)),
        Map.entry("r.remote", "127.0.0.1"), Map.entry("r.protocol", "HTTP/1.1"),
        Map.entry("r.scheme", "http"), Map.entry("r.secure", "false"), Map.entry("r.seq", "42"),
        Map.entry("r.contextPath", ""), Map.entry("r.servletPath", "/in/a b"),
        Map.entry("r.pathInfo", "null"),
        Map.entry("r.names",
            "[Accept-Language, Content-Type, Host, User-Agent, X-Date, X-Host, X-Seq, X-Tag, x-tag]"),
        Map.entry("r.remoteHost", "127.0.0.1"), Map.entry("r.serverName", "edge-1"),
        Map.entry("r.locales", "[en_GB, fr_CH, de]"), Map.entry("r.date", "784111777000"),
        Map.entry("r.tls", "null/null/no certificate")));
    assertEquals(expected, headers);
  }

  @Test
  void pathsAServletContainerRefusesAre400sBeforeTheHandlerRuns() throws Exception {
    HttpSourceHandler h = handler(Map.of());
    for (String path : List.of("/a/../../b", "/..%2f", "/a%zz", "/x/%2F/y")) {
      assertThrows(HttpBadRequestException.class,
          () -> h.getEvents(new TestRequest("POST", path, "x".getBytes(StandardCharsets.UTF_8))),
          path);
    }
    List<Event> events = h.getEvents(new TestRequest("POST", "/p;jsessionid=1/./q;v=2/r/..?a=1",
        "x".getBytes(StandardCharsets.UTF_8)));
    assertEquals("/p/q/", events.get(0).getHeaders().get("req.servletPath"));
    assertEquals("/p;jsessionid=1/./q;v=2/r/..", events.get(0).getHeaders().get("req.uri"));
    events = h.getEvents(new TestRequest("POST", "/caf%e9", "x".getBytes(StandardCharsets.UTF_8)));
    assertEquals("/caf\u00e9", events.get(0).getHeaders().get("req.servletPath"),
        "not UTF-8: ISO-8859-1, as Jetty falls back");
  }

  @Test
  void ipv6AddressesAreInBracketsAndTlsSessionsAreRequestAttributes() throws Exception {
    HttpSourceHandler h = handler(Map.of());
    TestRequest request = new TestRequest("POST", "/", "x".getBytes(StandardCharsets.UTF_8));
    request.remote = new InetSocketAddress("::1", 40000);
    request.tls = tlsSession("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    Map<String, String> headers = h.getEvents(request).get(0).getHeaders();
    assertEquals("[0:0:0:0:0:0:0:1]", headers.get("req.remote"));
    assertEquals("[0:0:0:0:0:0:0:1]", headers.get("req.remoteHost"));
    assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384/256/no certificate",
        headers.get("req.tls"));
    assertEquals("https", headers.get("req.scheme"));
  }

  /** A TLS session of {@code suite} whose client sent no certificate. */
  private static SSLSession tlsSession(String suite) {
    return (SSLSession) Proxy.newProxyInstance(SSLSession.class.getClassLoader(),
        new Class<?>[] {SSLSession.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getCipherSuite" -> suite;
          case "getId" -> new byte[] {1, 2, 3};
          case "getPeerCertificates" -> throw new SSLPeerUnverifiedException("none");
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void aFormPostsParametersComeFromTheQueryThenTheBody() throws Exception {
    HttpSourceHandler h = handler(Map.of());
    List<Event> events = h.getEvents(new TestRequest("POST", "/f?app=form&line=from+query",
        "line=first+form&line=second%20form&other=%C3%A9".getBytes(StandardCharsets.UTF_8))
        .header("Content-Type", "application/x-www-form-urlencoded"));
    assertEquals(List.of("from query", "first form", "second form"), lines(events));
    assertEquals("[app, line, other]", events.get(0).getHeaders().get("req.params"));
    assertEquals("form", events.get(0).getHeaders().get("req.app"));
    // after the form took the body, reading it is refused as a container refuses it: a 500
    assertThrows(IllegalStateException.class, () -> h.getEvents(new TestRequest("POST",
        "/f?readAfter=1", "line=x".getBytes(StandardCharsets.UTF_8))
        .header("Content-Type", "application/x-www-form-urlencoded")));
  }

  @Test
  void aChunkedBodyHasNoContentLengthAsInJetty() throws Exception {
    HttpSourceHandler h = handler(Map.of());
    TestRequest chunked = new TestRequest("POST", "/", "a\nb\n".getBytes(StandardCharsets.UTF_8))
        .header("Transfer-Encoding", "chunked");
    chunked.contentLength = -1;
    List<Event> events = h.getEvents(chunked);
    assertEquals(List.of("a", "b"), lines(events));
    assertEquals("-1", events.get(1).getHeaders().get("req.length"));
    assertEquals("[Transfer-Encoding]", events.get(1).getHeaders().get("req.names"));
  }

  @Test
  void aBodyWithoutACharsetIsReadAsIso88591AsTheServletApiSays() throws Exception {
    HttpSourceHandler h = handler(Map.of());
    List<Event> events = h.getEvents(new TestRequest("POST", "/",
        "d\u00e9j\u00e0".getBytes(StandardCharsets.ISO_8859_1)).header("Content-Type", "text/plain"));
    assertEquals(List.of("d\u00e9j\u00e0"), lines(events));
    assertEquals("null", events.get(0).getHeaders().get("req.charset"));
  }

  @Test
  void itsBadRequestExceptionIsA400AndAnythingElseA500() throws Exception {
    HttpSourceHandler h = handler(Map.of("maxLines", "3"));
    HttpBadRequestException bad = assertThrows(HttpBadRequestException.class,
        () -> h.getEvents(new TestRequest("POST", "/", "ok\n!no\n".getBytes(StandardCharsets.UTF_8))));
    assertEquals("line 2 starts with '!'", bad.getMessage());
    bad = assertThrows(HttpBadRequestException.class,
        () -> h.getEvents(new TestRequest("POST", "/", "1\n2\n3\n4\n".getBytes(StandardCharsets.UTF_8))));
    assertEquals("4 lines, more than 3", bad.getMessage());
    Exception failed = assertThrows(IllegalStateException.class,
        () -> h.getEvents(new TestRequest("POST", "/", "boom\n".getBytes(StandardCharsets.UTF_8))));
    assertEquals("boom at line 1", failed.getMessage());
  }

  @Test
  void aHandlerInPluginsDirIsFoundThere() throws Exception {
    Path jar = FlumePluginJar.build(work.resolve("plugins.d/http/lib"));
    FlumeHttpHandlerResolver fromPlugins = new FlumeHttpHandlerResolver(
        new FlumeCompatSettings(FlumePluginJar.apiDir(), List.of(jar)));
    HttpSourceHandler h = fromPlugins.resolve(HANDLER, getClass().getClassLoader()).get();
    h.configure(Map.of());
    assertEquals(List.of("x"), lines(h.getEvents(new TestRequest("POST", "/",
        "x".getBytes(StandardCharsets.UTF_8)))));
  }

  @Test
  void problemsNameTheClass() throws Exception {
    HttpSourceHandler h;
    try (URLClassLoader userClasspath = FlumePluginJar.userClassLoader(work)) {
      h = resolver().resolve(HANDLER, userClasspath).get();
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> h.configure(Map.of("maxLines", "0")));
      assertTrue(refused.getMessage().startsWith(HANDLER + " refuses its handler.* properties")
          && refused.getMessage().contains("maxLines must be at least 1, not 0"), refused.getMessage());

      IllegalArgumentException notAHandler = assertThrows(IllegalArgumentException.class,
          () -> resolver().resolve("com.example.LineFileSink", userClasspath));
      assertEquals("com.example.LineFileSink implements neither io.sluice.api.http.HttpSourceHandler"
          + " nor Flume's org.apache.flume.source.http.HTTPSourceHandler (it is a Flume sink)",
          notAHandler.getMessage());

      assertNull(resolver().resolve("com.example.NoSuchHandler", userClasspath),
          "a class nobody has is the source's to report");
      assertNull(resolver().resolve("json", userClasspath), "short names are not Flume classes");
    }
  }

  /** A request in memory, with the fields a servlet request reads. */
  private static final class TestRequest implements HttpSourceRequest {
    final String method;
    final String uri;
    final byte[] body;
    final Map<String, List<String>> headers = new LinkedHashMap<>();
    InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 40000);
    SSLSession tls;
    long contentLength;

    TestRequest(String method, String uri, byte[] body) {
      this.method = method;
      this.uri = uri;
      this.body = body;
      this.contentLength = body.length;
    }

    TestRequest header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String uri() {
      return uri;
    }

    @Override
    public Map<String, List<String>> queryParameters() {
      Map<String, List<String>> q = new LinkedHashMap<>();
      int at = uri.indexOf('?');
      if (at >= 0) {
        for (String pair : uri.substring(at + 1).split("&")) {
          int eq = pair.indexOf('=');
          q.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              k -> new ArrayList<>()).add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      return q;
    }

    @Override
    public String header(String name) {
      List<String> v = headers(name);
      return v.isEmpty() ? null : v.get(0);
    }

    @Override
    public List<String> headers(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).toList();
    }

    @Override
    public List<String> headerNames() {
      return List.copyOf(headers.keySet());
    }

    @Override
    public String charset() {
      String type = header("Content-Type");
      int at = type == null ? -1 : type.toLowerCase(Locale.ROOT).indexOf("charset=");
      return at < 0 ? null : type.substring(at + 8).trim();
    }

    @Override
    public int bodyLength() {
      return body.length;
    }

    @Override
    public long contentLength() {
      return contentLength;
    }

    @Override
    public InputStream body() {
      return new ByteArrayInputStream(body);
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return remote;
    }

    @Override
    public boolean secure() {
      return tls != null;
    }

    @Override
    public SSLSession sslSession() {
      return tls;
    }

    @Override
    public InetSocketAddress localAddress() {
      return new InetSocketAddress("127.0.0.1", 5140);
    }
  }
}
