package io.sluice.edge.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.edge.testlog.LogCapture;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** The http source over real sockets on 127.0.0.1 with the JDK's HttpClient (and raw sockets). */
class HttpSourceTest {
  private static final String JSON = "application/json";

  @Test
  void jsonBatchBecomesEventsWithHeadersInOneTransaction() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of())) {
      HttpResponse<String> r = h.post("[{\"headers\":{\"a\":\"b\",\"n\":1},\"body\":\"random_body\"},"
          + "{\"headers\":{\"e\":\"f\"},\"body\":\"random_body2\"}, {\"body\":\"no headers\"}]", JSON);
      assertEquals(200, r.statusCode());
      List<Event> events = h.events();
      assertEquals(3, events.size());
      assertEquals(Map.of("a", "b", "n", "1"), events.get(0).getHeaders());
      assertEquals("random_body", new String(events.get(0).getBody(), StandardCharsets.UTF_8));
      assertEquals(Map.of("e", "f"), events.get(1).getHeaders());
      assertEquals("no headers", new String(events.get(2).getBody(), StandardCharsets.UTF_8));
      assertEquals(1, h.channel.commits());
      assertEquals(3, h.metric("EventAcceptedCount"));
      assertEquals(1, h.metric("AppendBatchAcceptedCount"));
    }
  }

  @Test
  void utf16BodiesStayInTheRequestCharsetAsInFlume() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of())) {
      String json = "[{\"headers\":{\"a\":\"b\"},\"body\":\"random_body\"},"
          + "{\"headers\":{\"e\":\"f\"},\"body\":\"random_body2 \u00e9\u4e2d\"}]";
      Charset utf16 = StandardCharsets.UTF_16;
      HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.uri("/"))
          .header("Content-Type", "application/json; charset=UTF-16")
          .POST(BodyPublishers.ofByteArray(json.getBytes(utf16))).build());
      assertEquals(200, r.statusCode());
      List<Event> events = h.events();
      assertEquals(2, events.size());
      assertEquals("b", events.get(0).getHeaders().get("a"));
      assertEquals("random_body", new String(events.get(0).getBody(), utf16));
      assertEquals("random_body2 \u00e9\u4e2d", new String(events.get(1).getBody(), utf16));
    }
  }

  @Test
  void malformedJsonOrAnUnsupportedCharsetIs400AndNothingIsCommitted() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of())) {
      for (String bad : List.of("[{\"headers\":{\"a\":\"b\"},\"body\":\"x\"},", "{\"body\":\"x\"}",
          "[{\"body\":\"x\"}] trailing", "[{\"headers\":{\"a\":{\"nested\":1}}}]", "", "[1]")) {
        HttpResponse<String> r = h.post(bad, JSON);
        assertEquals(400, r.statusCode(), bad);
        assertFalse(r.body().isBlank(), "the 400 says why: " + bad);
      }
      HttpResponse<String> r = h.post("[{\"body\":\"x\"}]", "application/json; charset=ISO-8859-1");
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("charset"), r.body());
      assertEquals(0, h.take());
      assertEquals(0, h.channel.commits());
      assertEquals(7, h.metric("EventReadFail"));
      // the connection and the server keep serving; a charset alias the JVM knows is taken
      assertEquals(200, h.post("[{\"body\":\"ok\"}]", JSON).statusCode());
      assertEquals(200, h.post("[{\"body\":\"alias\"}]", "application/json; charset=utf8")
          .statusCode());
      assertEquals(2, h.take());
    }
  }

  /** Fails on every request, as a user handler with a bug. */
  public static class FailingHandler implements io.sluice.api.http.HttpSourceHandler {
    @Override
    public List<Event> getEvents(io.sluice.api.http.HttpSourceRequest request) {
      throw new IllegalStateException("handler bug");
    }
  }

  @Test
  void aHandlerThatFailsIs500CountedAsAReadFailureAsInFlume() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of("handler", FailingHandler.class.getName()))) {
      HttpResponse<String> r = h.post("[{\"body\":\"x\"}]", JSON);
      assertEquals(500, r.statusCode());
      assertTrue(r.body().contains("handler bug"), r.body());
      assertEquals(1, h.metric("EventReadFail"));
      assertEquals(0, h.metric("GenericProcessingFail"));
      assertEquals(0, h.take());
    }
  }

  /** Takes GETs: one event per request, its body the query's {@code msg}. */
  public static class BeaconHandler implements io.sluice.api.http.HttpSourceHandler {
    @Override
    public boolean takesGet() {
      return true;
    }

    @Override
    public List<Event> getEvents(io.sluice.api.http.HttpSourceRequest request) {
      return List.of(Event.of(Map.of("method", request.method()),
          request.queryParameters().get("msg").get(0).getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void aHandlerThatTakesGetGetsThemAndOtherMethodsStill405() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of("handler", BeaconHandler.class.getName()))) {
      HttpResponse<String> get = h.send(HttpRequest.newBuilder(h.uri("/b?msg=seen")).GET().build());
      assertEquals(200, get.statusCode());
      HttpResponse<String> put = h.send(HttpRequest.newBuilder(h.uri("/b?msg=no"))
          .PUT(BodyPublishers.ofString("x")).build());
      assertEquals(405, put.statusCode());
      assertEquals("GET, HEAD, POST", put.headers().firstValue("Allow").orElse(null));
      List<Event> events = h.events();
      assertEquals(1, events.size());
      assertEquals("seen", new String(events.get(0).getBody(), StandardCharsets.UTF_8));
      assertEquals("GET", events.get(0).getHeaders().get("method"));
    }
  }

  @Test
  void aHandlerThatTakesGetGetsHeadAsAServletDoesAndItsAnswersHaveNoBody() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of("handler", BeaconHandler.class.getName()));
        Socket s = RawHttp.connect(h.port())) {
      // one connection: a body after either HEAD answer would be read as the next answer's head
      RawHttp.write(s, "HEAD /b?msg=headed HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(200, RawHttp.readHead(s.getInputStream()).status());
      RawHttp.write(s, "HEAD /b HTTP/1.1\r\nHost: x\r\n\r\n"); // no msg: the handler fails
      RawHttp.Response failed = RawHttp.readHead(s.getInputStream());
      assertEquals(500, failed.status());
      assertTrue(Integer.parseInt(failed.headers().get("Content-Length")) > 0,
          "the length a GET's answer would have");
      RawHttp.write(s, "GET /b?msg=got HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      List<Event> events = h.events();
      assertEquals(List.of("headed", "got"), events.stream()
          .map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList());
      assertEquals("HEAD", events.get(0).getHeaders().get("method"));
    }
    try (HttpHarness h = new HttpHarness(100, Map.of())) { // Sluice's own handlers: 405
      HttpResponse<String> head = h.send(HttpRequest.newBuilder(h.uri("/"))
          .method("HEAD", BodyPublishers.noBody()).build());
      assertEquals(405, head.statusCode());
      assertEquals(0, h.take());
    }
  }

  /** One event per request whose headers are the framing the handler saw. */
  public static class FramingHandler implements io.sluice.api.http.HttpSourceHandler {
    @Override
    public List<Event> getEvents(io.sluice.api.http.HttpSourceRequest request)
        throws java.io.IOException {
      Map<String, String> seen = new java.util.TreeMap<>();
      seen.put("contentLength", Long.toString(request.contentLength()));
      seen.put("Content-Length", String.valueOf(request.header("Content-Length")));
      seen.put("Transfer-Encoding", String.valueOf(request.header("Transfer-Encoding")));
      seen.put("Expect", String.valueOf(request.header("Expect")));
      seen.put("names", String.valueOf(request.headerNames()));
      return List.of(Event.of(seen, request.body().readAllBytes()));
    }
  }

  @Test
  void aHandlerSeesTheFramingHeadersTheClientSentNotTheAggregatorsRewrite() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of("handler", FramingHandler.class.getName()));
        Socket s = RawHttp.connect(h.port())) {
      RawHttp.write(s, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      RawHttp.write(s, "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
          + "Content-Length: 3\r\n\r\n");
      assertEquals(100, RawHttp.readHead(s.getInputStream()).status());
      RawHttp.write(s, "fgh");
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      RawHttp.write(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nij");
      assertEquals(200, RawHttp.read(s.getInputStream()).status());

      List<Event> events = h.events();
      assertEquals(List.of("abcde", "fgh", "ij"), events.stream()
          .map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList());
      assertEquals(Map.of("contentLength", "-1", "Content-Length", "null",
          "Transfer-Encoding", "chunked", "Expect", "null", "names", "[Host, Transfer-Encoding]"),
          events.get(0).getHeaders());
      assertEquals(Map.of("contentLength", "3", "Content-Length", "3",
          "Transfer-Encoding", "null", "Expect", "100-continue",
          "names", "[Host, Expect, Content-Length]"), events.get(1).getHeaders());
      assertEquals(Map.of("contentLength", "2", "Content-Length", "2",
          "Transfer-Encoding", "null", "Expect", "null", "names", "[Host, Content-Length]"),
          events.get(2).getHeaders());
    }
  }

  @Test
  void anyMethodButPostIs405() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of())) {
      HttpResponse<String> get = h.send(HttpRequest.newBuilder(h.uri("/")).GET().build());
      assertEquals(405, get.statusCode());
      assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
      HttpResponse<String> put = h.send(HttpRequest.newBuilder(h.uri("/"))
          .PUT(BodyPublishers.ofString("[{\"body\":\"x\"}]")).build());
      assertEquals(405, put.statusCode());
      assertEquals(0, h.take());
      assertEquals(2, h.metric("MethodNotAllowedCount"));
    }
  }

  @Test
  void overTheSizeLimitIs413() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of("maxRequestBytes", "65536"))) {
      String big = "[{\"body\":\"" + "x".repeat(200_000) + "\"}]";
      HttpResponse<String> r = h.post(big, JSON);
      assertEquals(413, r.statusCode());
      assertEquals(0, h.take());
      // just under the limit still goes in
      String fits = "[{\"body\":\"" + "y".repeat(60_000) + "\"}]";
      assertEquals(200, h.post(fits, JSON).statusCode());
      assertEquals(1, h.take());
    }
  }

  @Test
  void an413ComesBeforeTheBodyIsRead() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of("maxRequestBytes", "65536"))) {
      // announces 1 GiB and sends none of it: answered from the headers alone
      try (Socket s = RawHttp.connect(h.port())) {
        RawHttp.write(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1073741824\r\n\r\n");
        assertEquals(413, RawHttp.read(s.getInputStream()).status());
      }
      // chunked: answered once the chunks pass the limit, before the last chunk is sent
      try (Socket s = RawHttp.connect(h.port())) {
        RawHttp.write(s, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = Integer.toHexString(16384) + "\r\n" + "z".repeat(16384) + "\r\n";
        for (int i = 0; i < 5; i++) {
          RawHttp.write(s, chunk);
        }
        assertEquals(413, RawHttp.read(s.getInputStream()).status());
      }
      assertEquals(2, h.metric("RequestTooLargeCount"));
      assertEquals(0, h.take());
      assertEquals(200, h.post("[{\"body\":\"after\"}]", JSON).statusCode());
    }
  }

  @Test
  void aFullChannelAnswers503WithRetryAfterAndARetryingClientLosesNothing() throws Exception {
    int requests = 60;
    int perRequest = 10;
    try (HttpHarness h = new HttpHarness(25, Map.of("retryAfterSeconds", "2"))) {
      Set<String> sent = new HashSet<>();
      int refusals = 0;
      for (int r = 0; r < requests; r++) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < perRequest; i++) {
          String id = r + "-" + i;
          sent.add(id);
          b.append(i == 0 ? "" : ",").append("{\"headers\":{\"id\":\"").append(id)
              .append("\"},\"body\":\"event ").append(id).append("\"}");
        }
        String body = b.append(']').toString();
        HttpResponse<String> resp;
        while ((resp = h.post(body, JSON)).statusCode() == 503) {
          refusals++;
          assertEquals("2", resp.headers().firstValue("Retry-After").orElse(null));
          h.take(); // the sink catches up; the client retries the same request
        }
        assertEquals(200, resp.statusCode());
      }
      List<Event> delivered = h.events();
      assertTrue(refusals > 0, "the channel should have been full at least once");
      assertEquals(requests * perRequest, delivered.size(), "delivered exactly N events");
      Set<String> ids = new HashSet<>();
      delivered.forEach(e -> ids.add(e.getHeaders().get("id")));
      assertEquals(sent, ids, "no event lost, none duplicated");
      assertEquals(refusals, h.metric("ChannelWriteFail"));
      assertEquals(requests * perRequest, h.metric("EventAcceptedCount"));
    }
  }

  @Test
  void ndjsonStreamsTenThousandEventsInOneRequest() throws Exception {
    int n = 10_000;
    try (HttpHarness h = new HttpHarness(20_000, Map.of("handler", "ndjson"))) {
      Iterator<InputStream> lines = IntStream.range(0, n).mapToObj(i -> (InputStream)
          new ByteArrayInputStream(("{\"headers\":{\"seq\":\"" + i + "\"},\"body\":\"line " + i
              + "\"}\n").getBytes(StandardCharsets.UTF_8))).iterator();
      HttpRequest req = HttpRequest.newBuilder(h.uri("/"))
          .header("Content-Type", "application/x-ndjson")
          .POST(BodyPublishers.ofInputStream(
              () -> new SequenceInputStream(Collections.enumeration(toList(lines))))).build();
      HttpResponse<String> r = h.send(req);
      assertEquals(200, r.statusCode(), r.body());
      List<Event> events = h.events();
      assertEquals(n, events.size());
      for (int i = 0; i < n; i++) {
        assertEquals(Integer.toString(i), events.get(i).getHeaders().get("seq"));
        assertEquals("line " + i, new String(events.get(i).getBody(), StandardCharsets.UTF_8));
      }
      HttpResponse<String> bad = h.post("{\"body\":\"a\"}\n{\"body\":", "application/x-ndjson");
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().contains("line 2"), bad.body());
      assertEquals(n, h.take());
    }
  }

  private static List<InputStream> toList(Iterator<InputStream> it) {
    List<InputStream> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void blobHandlerMakesOneEventOfTheWholeBody() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of(
        "handler", "org.apache.flume.sink.solr.morphline.BlobHandler",
        "handler.maxBlobLength", "1000"))) {
      byte[] blob = new byte[600];
      for (int i = 0; i < blob.length; i++) {
        blob[i] = (byte) i;
      }
      HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.uri("/upload?file=a.bin&x=1&x=2"))
          .header("Content-Type", "application/octet-stream")
          .POST(BodyPublishers.ofByteArray(blob)).build());
      assertEquals(200, r.statusCode());
      byte[] big = new byte[1500];
      assertEquals(200, h.send(HttpRequest.newBuilder(h.uri("/"))
          .POST(BodyPublishers.ofByteArray(big)).build()).statusCode());
      List<Event> events = h.events();
      assertEquals(2, events.size());
      assertArrayEquals(blob, events.get(0).getBody());
      assertEquals(Map.of("Content-Type", "application/octet-stream", "file", "a.bin", "x", "1"),
          events.get(0).getHeaders());
      assertEquals(1000, events.get(1).getBody().length, "truncated to maxBlobLength, as Flume");
      // a ';' belongs to its value, as in the servlet API; a broken escape is the client's fault
      assertEquals(200, h.send(HttpRequest.newBuilder(h.uri("/?a=1;b=2"))
          .POST(BodyPublishers.ofByteArray(blob)).build()).statusCode());
      assertEquals(Map.of("a", "1;b=2"), h.events().get(2).getHeaders());
      try (Socket s = RawHttp.connect(h.port())) {
        RawHttp.write(s, "POST /?a=%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx");
        RawHttp.Response bad = RawHttp.read(s.getInputStream());
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("query string"), bad.body());
      }
    }
  }

  @Test
  void flumeCoresBlobHandlerTakesTheBodyWholeAndRequiresItsMandatoryParameters() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of(
        "handler", "org.apache.flume.source.http.BLOBHandler",
        "handler.mandatoryParameters", "file, host"))) {
      byte[] blob = new byte[3000];
      Arrays.fill(blob, (byte) 7);
      assertEquals(200, h.send(HttpRequest.newBuilder(h.uri("/?file=a.bin&host=h1&x=1"))
          .header("Content-Type", "application/octet-stream")
          .POST(BodyPublishers.ofByteArray(blob)).build()).statusCode());
      HttpResponse<String> missing = h.send(HttpRequest.newBuilder(h.uri("/?file=b.bin"))
          .POST(BodyPublishers.ofByteArray(blob)).build());
      assertEquals(400, missing.statusCode());
      assertTrue(missing.body().contains("'host'"), missing.body());
      List<Event> events = h.events();
      assertEquals(1, events.size());
      assertArrayEquals(blob, events.get(0).getBody());
      assertEquals(Map.of("file", "a.bin", "host", "h1", "x", "1"), events.get(0).getHeaders(),
          "no Content-Type header, as in Flume's BLOBHandler");
    }
  }

  @Test
  void aUserHandlerByClassNameGetsItsHandlerKeys() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of("handler", "org.example.rest.RestHandler",
        "handler.nickname", "random props"))) {
      assertEquals(200, h.post("anything at all", "text/plain").statusCode());
      List<Event> events = h.events();
      assertEquals(1, events.size());
      assertEquals("random props", events.get(0).getHeaders().get("nickname"));
      assertEquals("anything at all", new String(events.get(0).getBody(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void garbageGets400AndAClosedConnectionWhileOthersAreServed() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of())) {
      try (Socket s = RawHttp.connect(h.port())) {
        RawHttp.write(s, "\u0001\u0002 GARBAGE \u00ff\r\nno header here\r\n\r\n");
        RawHttp.Response r = RawHttp.read(s.getInputStream());
        assertEquals(400, r.status());
        assertTrue(RawHttp.closedByPeer(s.getInputStream()));
      }
      try (Socket s = RawHttp.connect(h.port())) {
        RawHttp.write(s, "POST / HTTP/1.1\r\nHost: x\r\n" + "X-Long: " + "h".repeat(40_000)
            + "\r\n\r\n");
        assertEquals(431, RawHttp.read(s.getInputStream()).status());
      }
      assertEquals(200, h.post("[{\"body\":\"still serving\"}]", JSON).statusCode());
      assertEquals(1, h.take());
    }
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of())) {
      try (Socket s = RawHttp.connect(h.port())) {
        String body = "[{\"body\":\"k\"}]";
        String req = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        RawHttp.write(s, req + req); // pipelined
        assertEquals(200, RawHttp.read(s.getInputStream()).status());
        assertEquals(200, RawHttp.read(s.getInputStream()).status());
        RawHttp.write(s, req.replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n"));
        RawHttp.Response last = RawHttp.read(s.getInputStream());
        assertEquals(200, last.status());
        assertEquals("close", last.headers().get("Connection"));
        assertTrue(RawHttp.closedByPeer(s.getInputStream()));
      }
      assertEquals(3, h.take());
    }
  }

  @Test
  void aRequestWithTheHandlerThreadHoldsBackTheConnectionsLaterRequests() throws Exception {
    WaitingProcessor waiting = new WaitingProcessor();
    try (HttpHarness h = new HttpHarness(waiting, Map.of("maxRequestBytes", "1000"));
        Socket s = RawHttp.connect(h.port())) {
      RawHttp.write(s, post("[{\"body\":\"first\"}]"));
      assertTrue(waiting.entered.await(20, TimeUnit.SECONDS));
      // Pipelined behind it: a request over maxRequestBytes, which Netty answers 413 as soon as it
      // reads its head. Unread until the first is answered, it cannot overtake that answer.
      RawHttp.write(s, postOf(5000));
      waiting.release.countDown();
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      assertEquals(413, RawHttp.read(s.getInputStream()).status());
      assertEquals(1, waiting.committed.size());
    }
  }

  @Test
  void an413ReadTogetherWithAWaitingRequestIsAnsweredAfterItAndTheConnectionGoesOn()
      throws Exception {
    WaitingProcessor waiting = new WaitingProcessor();
    try (HttpHarness h = new HttpHarness(waiting, Map.of("maxRequestBytes", "1000"));
        Socket s = RawHttp.connect(h.port())) {
      // one write, so that one read brings both: the oversized head is decoded while the first
      // request is with the handler thread
      RawHttp.write(s, post("[{\"body\":\"first\"}]") + postOf(5000));
      assertTrue(waiting.entered.await(20, TimeUnit.SECONDS));
      waiting.release.countDown();
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      RawHttp.Response tooLarge = RawHttp.read(s.getInputStream());
      assertEquals(413, tooLarge.status());
      assertTrue(tooLarge.body().contains("maxRequestBytes = 1000"), tooLarge.body());
      assertNull(tooLarge.headers().get("Connection"));
      // its body was thrown away as it came: the next request on the connection is read whole
      RawHttp.write(s, post("[{\"body\":\"third\"}]"));
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      assertEquals(2, waiting.committed.size());
      assertEquals(1, h.metric("RequestTooLargeCount"));
    }
  }

  @Test
  void anOversizedRequestExpecting100ContinueIsAnswered413InOrderAndClosed() throws Exception {
    WaitingProcessor waiting = new WaitingProcessor();
    try (HttpHarness h = new HttpHarness(waiting, Map.of("maxRequestBytes", "1000"));
        Socket s = RawHttp.connect(h.port())) {
      String expecting = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n";
      RawHttp.write(s, post("[{\"body\":\"first\"}]") + expecting);
      assertTrue(waiting.entered.await(20, TimeUnit.SECONDS));
      waiting.release.countDown();
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      // no 100 Continue: the client is told 413 and the body it then leaves out is not awaited
      RawHttp.Response tooLarge = RawHttp.read(s.getInputStream());
      assertEquals(413, tooLarge.status());
      assertEquals("close", tooLarge.headers().get("Connection"));
      assertTrue(RawHttp.closedByPeer(s.getInputStream()));
      assertEquals(1, waiting.committed.size());
    }
  }

  @Test
  void anUnsupportedExpectationIsAnswered417InOrderAndClosed() throws Exception {
    WaitingProcessor waiting = new WaitingProcessor();
    try (HttpHarness h = new HttpHarness(waiting, Map.of());
        Socket s = RawHttp.connect(h.port())) {
      String body = "[{\"body\":\"second\"}]";
      RawHttp.write(s, post("[{\"body\":\"first\"}]")
          + "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: foo\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body
          + post("[{\"body\":\"third\"}]"));
      assertTrue(waiting.entered.await(20, TimeUnit.SECONDS));
      waiting.release.countDown();
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      RawHttp.Response failed = RawHttp.read(s.getInputStream());
      assertEquals(417, failed.status());
      assertTrue(failed.body().contains("foo"), failed.body());
      assertEquals("close", failed.headers().get("Connection"));
      assertTrue(RawHttp.closedByPeer(s.getInputStream()));
      assertEquals(List.of("first"), bodies(waiting.committed));
    }
  }

  @Test
  void a100ContinueWaitsUntilTheAnswersBeforeItAreOut() throws Exception {
    WaitingProcessor waiting = new WaitingProcessor(e -> new String(e.getBody(),
        StandardCharsets.UTF_8).equals("first"));
    try (HttpHarness h = new HttpHarness(waiting, Map.of());
        Socket s = RawHttp.connect(h.port())) {
      String body = "[{\"body\":\"second\"}]";
      String expecting = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n";
      // pipelined behind a request still being committed: no 100 for it ahead of that answer
      RawHttp.write(s, post("[{\"body\":\"first\"}]") + expecting + body);
      assertTrue(waiting.entered.await(20, TimeUnit.SECONDS));
      waiting.release.countDown();
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      // alone on its connection, a request expecting it gets its 100 before it sends the body
      RawHttp.write(s, expecting);
      assertEquals(100, RawHttp.readHead(s.getInputStream()).status());
      RawHttp.write(s, body);
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      assertEquals(List.of("first", "second", "second"), bodies(waiting.committed));
    }
  }

  @Test
  void a503ForTheBufferBudgetIsAnsweredAfterTheAnswersBeforeIt() throws Exception {
    WaitingProcessor waiting = new WaitingProcessor();
    try (HttpHarness h = new HttpHarness(waiting, Map.of("maxRequestBytes", "1000",
            "maxBufferedRequestBytes", "1000"));
        Socket slow = RawHttp.connect(h.port());
        Socket s = RawHttp.connect(h.port())) {
      String partial = postOf(999);
      RawHttp.write(slow, partial.substring(0, partial.length() - 49)); // 950 body bytes held
      await().atMost(Duration.ofSeconds(20)).until(() -> h.metric("BufferedRequestBytes") == 950);
      // one read brings a request for the handler thread and the head and start of one whose
      // 900 bytes pass the budget; the rest of that one (valid JSON) comes later and is dropped
      String refusedPost = post("[{\"body\":\"" + "r".repeat(888) + "\"}]");
      RawHttp.write(s, post("[{\"body\":\"first\"}]")
          + refusedPost.substring(0, refusedPost.length() - 400));
      assertTrue(waiting.entered.await(20, TimeUnit.SECONDS));
      await().atMost(Duration.ofSeconds(20)).until(() -> h.metric("RequestBufferFullCount") == 1);
      RawHttp.write(s, refusedPost.substring(refusedPost.length() - 400));
      waiting.release.countDown();
      assertEquals(200, RawHttp.read(s.getInputStream()).status());
      RawHttp.Response refused = RawHttp.read(s.getInputStream());
      assertEquals(503, refused.status());
      assertEquals("1", refused.headers().get("Retry-After"));
      assertEquals("close", refused.headers().get("Connection"));
      assertTrue(RawHttp.closedByPeer(s.getInputStream()));
      assertEquals(1, waiting.committed.size());
      assertEquals(1, h.metric("RequestBufferFullCount"));
    }
  }

  @Test
  void aWholeBodyWaitingForItsCommitStillCountsInTheBufferBudgetUntilAnswered() throws Exception {
    WaitingProcessor waiting = new WaitingProcessor();
    String body = "[{\"body\":\"" + "w".repeat(600) + "\"}]";
    try (HttpHarness h = new HttpHarness(waiting, Map.of("maxRequestBytes", "1000",
            "maxBufferedRequestBytes", "1000"));
        Socket first = RawHttp.connect(h.port());
        Socket second = RawHttp.connect(h.port())) {
      RawHttp.write(first, post(body));
      assertTrue(waiting.entered.await(20, TimeUnit.SECONDS));
      assertEquals(body.length(), h.metric("BufferedRequestBytes"), "held until it is answered");
      RawHttp.write(second, post(body)); // would hold 1,228 bytes
      assertEquals(503, RawHttp.read(second.getInputStream()).status());
      waiting.release.countDown();
      assertEquals(200, RawHttp.read(first.getInputStream()).status());
      assertEquals(0, h.metric("BufferedRequestBytes"));
      assertEquals(1, waiting.committed.size());
    }
  }

  @Test
  void aSlowCommitHoldsUpOnlyItsOwnConnection() throws Exception {
    WaitingProcessor slowForOne = new WaitingProcessor(
        e -> new String(e.getBody(), StandardCharsets.UTF_8).equals("slow"));
    // two handler threads, three connections: a thread per connection would give the third
    // connection the slow one's thread
    try (HttpHarness h = new HttpHarness(slowForOne, Map.of("threads", "2"));
        Socket first = RawHttp.connect(h.port());
        Socket second = RawHttp.connect(h.port());
        Socket third = RawHttp.connect(h.port())) {
      RawHttp.write(first, post("[{\"body\":\"slow\"}]"));
      assertTrue(slowForOne.entered.await(20, TimeUnit.SECONDS));
      RawHttp.write(third, post("[{\"body\":\"third\"}]"));
      assertEquals(200, RawHttp.read(third.getInputStream()).status());
      RawHttp.write(second, post("[{\"body\":\"second\"}]"));
      assertEquals(200, RawHttp.read(second.getInputStream()).status());
      assertEquals(List.of("third", "second"), bodies(slowForOne.committed));
      slowForOne.release.countDown();
      assertEquals(200, RawHttp.read(first.getInputStream()).status());
      assertEquals(List.of("third", "second", "slow"), bodies(slowForOne.committed));
    }
  }

  @Test
  void requestsWaitingBehindASlowCommitAreNotCommittedOnceTheirClientWentAway() throws Exception {
    WaitingProcessor waiting = new WaitingProcessor(
        e -> new String(e.getBody(), StandardCharsets.UTF_8).equals("slow"));
    try (LogCapture log = LogCapture.of(HttpConnection.class, Level.DEBUG);
        HttpHarness h = new HttpHarness(waiting, Map.of())) {
      try (Socket s = RawHttp.connect(h.port())) {
        RawHttp.write(s, post("[{\"body\":\"slow\"}]") + post("[{\"body\":\"after\"}]"));
        assertTrue(waiting.entered.await(20, TimeUnit.SECONDS));
      } // gone while "slow" is being committed and "after" waits behind it
      await().atMost(Duration.ofSeconds(20))
          .until(() -> !log.containing("went away with 1 request(s)").isEmpty());
      waiting.release.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> waiting.committed.size() == 1);
      assertEquals(List.of("slow"), bodies(waiting.committed), "no answer to wait for: not put");
    }
  }

  @Test
  void aRequestWhoseClientWentAwayBeforeAHandlerThreadTookItIsNotCommitted() throws Exception {
    WaitingProcessor waiting = new WaitingProcessor(
        e -> new String(e.getBody(), StandardCharsets.UTF_8).equals("slow"));
    try (LogCapture log = LogCapture.of(HttpConnection.class, Level.DEBUG);
        HttpHarness h = new HttpHarness(waiting, Map.of("threads", "1"));
        Socket first = RawHttp.connect(h.port())) {
      RawHttp.write(first, post("[{\"body\":\"slow\"}]"));
      assertTrue(waiting.entered.await(20, TimeUnit.SECONDS)); // the only thread is taken
      try (Socket second = RawHttp.connect(h.port())) {
        await().atMost(Duration.ofSeconds(20)).until(() -> h.metric("OpenConnectionCount") == 2);
        RawHttp.write(second, post("[{\"body\":\"queued\"}]"));
        await().atMost(Duration.ofSeconds(20)).until(() -> h.metric("EventReceivedCount") == 2);
      } // gone while its request waits for the thread
      await().atMost(Duration.ofSeconds(20)).until(() -> h.metric("OpenConnectionCount") == 1);
      waiting.release.countDown();
      assertEquals(200, RawHttp.read(first.getInputStream()).status());
      await().atMost(Duration.ofSeconds(20)).until(() -> !log.containing("went away before its"
          + " request was committed").isEmpty());
      assertEquals(List.of("slow"), bodies(waiting.committed));
      assertEquals(1, h.metric("EventAcceptedCount"));
    }
  }

  private static String post(String body) {
    return "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
  }

  /** A request of {@code n} body bytes (not JSON: for requests refused before they are read). */
  private static String postOf(int n) {
    return "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + n + "\r\n\r\n" + "x".repeat(n);
  }

  private static List<String> bodies(List<Event> events) {
    synchronized (events) {
      return events.stream().map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList();
    }
  }

  /**
   * Holds every batch whose first event {@code holds} until {@link #release} opens (all of them
   * by default); its requests go to a handler thread, as it cannot commit without waiting.
   */
  private static final class WaitingProcessor implements ChannelProcessor {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Event> committed = Collections.synchronizedList(new ArrayList<>());
    private final Predicate<Event> holds;

    WaitingProcessor() {
      this(e -> true);
    }

    WaitingProcessor(Predicate<Event> holds) {
      this.holds = holds;
    }

    @Override
    public void processEvent(Event event) {
      processEventBatch(List.of(event));
    }

    @Override
    public void processEventBatch(List<Event> events) {
      if (holds.test(events.get(0))) {
        entered.countDown();
        try {
          assertTrue(release.await(20, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      committed.addAll(events);
    }
  }

  @Test
  void slowUploadsShareOneBudgetAndTheOneThatWouldPassItIsAnswered503() throws Exception {
    int size = 3_000_000;
    String body = "[{\"body\":\"" + "x".repeat(size - 13) + "\"}]"; // size bytes
    String request = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + size + "\r\n\r\n" + body;
    int headLength = request.length() - size;
    int part = headLength + 2_900_000; // the head and most of the body; the rest comes later
    try (HttpHarness h = new HttpHarness(100, Map.of("maxRequestBytes", "" + size,
            "maxBufferedRequestBytes", "8000000"));
        Socket first = RawHttp.connect(h.port());
        Socket second = RawHttp.connect(h.port());
        Socket third = RawHttp.connect(h.port())) {
      RawHttp.write(first, request.substring(0, part));
      await().atMost(Duration.ofSeconds(20)).until(() -> h.metric("BufferedRequestBytes") == 2_900_000);
      RawHttp.write(second, request.substring(0, part));
      await().atMost(Duration.ofSeconds(20)).until(() -> h.metric("BufferedRequestBytes") == 5_800_000);
      RawHttp.write(third, request.substring(0, part)); // would hold 8.7 MB
      RawHttp.Response refused = RawHttp.read(third.getInputStream());
      assertEquals(503, refused.status());
      assertEquals("close", refused.headers().get("Connection"));
      assertEquals("1", refused.headers().get("Retry-After"));
      assertTrue(RawHttp.closedByPeer(third.getInputStream()));
      assertEquals(1, h.metric("RequestBufferFullCount"));
      await().atMost(Duration.ofSeconds(20)).until(() -> h.metric("BufferedRequestBytes") == 5_800_000);
      RawHttp.write(first, request.substring(part));
      RawHttp.write(second, request.substring(part));
      assertEquals(200, RawHttp.read(first.getInputStream()).status());
      assertEquals(200, RawHttp.read(second.getInputStream()).status());
      assertEquals(0, h.metric("BufferedRequestBytes"));
      assertEquals(2, h.take());
    }
  }

  @Test
  void aPipeliningPeerGetsEveryAnswerInOrderWhileItsReadsArePaused() throws Exception {
    int n = 5_000;
    try (HttpHarness h = new HttpHarness(n, Map.of());
        Socket s = RawHttp.connect(h.port())) {
      Thread writer = new Thread(() -> {
        try {
          StringBuilder all = new StringBuilder();
          for (int i = 0; i < n; i++) {
            String body = "[{\"body\":\"e" + i + "\"}]";
            all.append("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
          }
          RawHttp.write(s, all.toString());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, "pipelining-writer");
      writer.start();
      InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      for (int i = 0; i < n; i++) {
        assertEquals(200, RawHttp.read(in).status(), "answer " + i);
      }
      writer.join(20_000);
      assertFalse(writer.isAlive());
      List<Event> events = h.events();
      assertEquals(n, events.size());
      for (int i = 0; i < n; i++) {
        assertEquals("e" + i, new String(events.get(i).getBody(), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void idleConnectionsAreClosedAndTheConnectionLimitHolds() throws Exception {
    try (HttpHarness h = new HttpHarness(100, Map.of("idle-timeout", "1",
        "max-connections", "1"))) {
      try (Socket first = RawHttp.connect(h.port())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> h.metric("OpenConnectionCount") == 1);
        try (Socket second = RawHttp.connect(h.port())) {
          assertTrue(RawHttp.closedByPeer(second.getInputStream()), "over max-connections");
        }
        assertEquals(1, h.metric("ConnectionsRefusedCount"));
        // the first one says nothing and is closed after idle-timeout
        assertTrue(RawHttp.closedByPeer(first.getInputStream()), "closed when idle");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> h.metric("OpenConnectionCount") == 0);
      assertEquals(200, h.post("[{\"body\":\"x\"}]", JSON).statusCode());
    }
  }

  @Test
  void stopEndsEveryThreadOfTheSource() throws Exception {
    HttpHarness h = new HttpHarness(100, Map.of("threads", "3"));
    assertEquals(200, h.post("[{\"body\":\"x\"}]", JSON).statusCode());
    List<String> live = h.liveThreads();
    assertTrue(live.stream().anyMatch(n -> n.contains("-http-accept-")), live.toString());
    assertTrue(live.stream().anyMatch(n -> n.contains("-http-io-")), live.toString());
    assertTrue(live.stream().anyMatch(n -> n.contains("-http-handler-")), live.toString());
    h.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.liveThreads().isEmpty());
  }
}
