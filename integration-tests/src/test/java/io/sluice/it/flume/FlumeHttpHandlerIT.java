package io.sluice.it.flume;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's {@code HTTPSourceHandler} built against Flume 1.11's servlet-based API (the test plugin
 * jar's {@code RequestLinesHandler}) runs unchanged in Sluice's {@code http} source from plugins.d:
 * Apache Flume 1.11.0 (its own JVM, its Jetty source) and Sluice (the unpacked distribution's
 * {@code flume-ng}, the same config) get the same requests byte for byte, answer them with the
 * same statuses, and write the same events, bodies and headers (what the handler read of each
 * request through the servlet API), line for line.
 */
class FlumeHttpHandlerIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir Path tmp;

  private static String config(int port, Path out) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = http
        a1.sources.r1.bind = 127.0.0.1
        a1.sources.r1.port = %d
        a1.sources.r1.channels = c1
        a1.sources.r1.handler = com.example.RequestLinesHandler
        a1.sources.r1.handler.maxLines = 5
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 1000
        a1.channels.c1.transactionCapacity = 100
        a1.sinks.k1.type = com.example.LineFileSink
        a1.sinks.k1.channel = c1
        a1.sinks.k1.path = %s
        a1.sinks.k1.batchSize = 10
        """.formatted(port, out);
  }

  /**
   * One request as sent: head lines (CRLF added) and body, with a Content-Length added or, when
   * {@code chunked}, sent in chunks of at most 4 bytes.
   */
  private record Request(String head, byte[] body, boolean chunked) {
    Request(String head, byte[] body) {
      this(head, body, false);
    }

    byte[] bytes() {
      String framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length;
      String h = head.replace("\n", "\r\n") + framing + "\r\nConnection: close\r\n\r\n";
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.writeBytes(h.getBytes(StandardCharsets.ISO_8859_1));
      if (!chunked) {
        all.writeBytes(body);
        return all.toByteArray();
      }
      for (int at = 0; at < body.length; at += 4) {
        int n = Math.min(4, body.length - at);
        all.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        all.write(body, at, n);
        all.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      all.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      return all.toByteArray();
    }
  }

  private static Request post(String target, String headers, String body, Charset cs) {
    return new Request("POST " + target + " HTTP/1.1\nHost: localhost\n" + headers,
        body.getBytes(cs));
  }

  private static final List<Request> REQUESTS = List.of(
      post("/ingest/a%20b?app=web&x=1", "content-type: text/plain; charset=UTF-8\nX-Tag: a\n"
          + "X-Tag: b\nX-Host: h1\nX-Seq: 7\nuser-agent: it\nx-lower: 1\n"
          + "Accept-Language: de;q=0.5, en-GB, fr-CH;q=0.8\n"
          + "X-Date: Sunday, 06-Nov-94 08:49:37 GMT\n", "caf\u00e9 one\n\ntwo\n",
          StandardCharsets.UTF_8),
      post("/ingest", "Content-Type: text/plain\n", "d\u00e9j\u00e0", StandardCharsets.ISO_8859_1),
      post("/f?app=form&line=from+query", "Content-Type: application/x-www-form-urlencoded\n",
          "line=first+form&line=second%20form&other=%C3%A9", StandardCharsets.UTF_8),
      post("/json", "Content-Type: application/json\n", "{\"caf\u00e9\": 1}", StandardCharsets.UTF_8),
      post("/xml", "Content-Type: text/xml; charset=\"ISO-8859-1\"\n", "<a>\u00e9</a>",
          StandardCharsets.ISO_8859_1),
      post("/", "Content-Type: text/plain; charset=ISO-8859-1\n", "ok\n!no\n",
          StandardCharsets.ISO_8859_1),
      post("/", "Content-Type: text/plain\n", "boom\n", StandardCharsets.UTF_8),
      post("/", "Content-Type: text/plain\n", "1\n2\n3\n4\n5\n6\n", StandardCharsets.UTF_8),
      new Request("GET /?app=web HTTP/1.1\nHost: localhost\n", new byte[0]),
      post("/f?readAfter=1", "Content-Type: application/x-www-form-urlencoded\n", "line=x",
          StandardCharsets.UTF_8),
      post("/a/../../b", "Content-Type: text/plain\n", "climbs\n", StandardCharsets.UTF_8),
      post("/p;jsessionid=1/./q;v=2/r/..", "Content-Type: text/plain\n"
          + "X-Date: Sun Nov  6 08:49:37 1994\n", "params\n", StandardCharsets.UTF_8),
      new Request("POST /old HTTP/1.0\nContent-Type: text/plain; charset=utf-8\n",
          "\u00e9t\u00e9 1.0\n".getBytes(StandardCharsets.UTF_8)),
      new Request("HEAD /head?app=web HTTP/1.1\nHost: localhost\nContent-Type: text/plain\n",
          "headed\n".getBytes(StandardCharsets.UTF_8)),
      new Request("POST /chunked HTTP/1.1\nHost: localhost\nContent-Type: text/plain\n",
          "in chunks\nof four\n".getBytes(StandardCharsets.UTF_8), true),
      post("/expecting", "Content-Type: text/plain\nExpect: 100-continue\n", "expected\n",
          StandardCharsets.UTF_8));

  /** Events the requests above make: 2 + 1 + 3 + 1 + 1 + 1 + 1 + 1 + 2 + 1. */
  private static final int EVENTS = 14;
  /**
   * Both hand a GET to a Flume handler as a POST (here: no body, no event, 200), and a HEAD as a
   * GET whose answer has no body.
   */
  private static final List<Integer> FLUME_STATUSES =
      List.of(200, 200, 200, 200, 200, 400, 500, 400, 200, 500, 400, 200, 200, 200, 200, 200);
  private static final List<Integer> SLUICE_STATUSES = FLUME_STATUSES;

  @Test
  void aFlumeServletHandlerGivesTheSameAnswersAndEventsInFlumeAndInSluice() throws Exception {
    Path flumeOut = tmp.resolve("flume-events.txt");
    int flumePort = freePort();
    List<Integer> byFlume;
    try (FlumeAgentProcess flume = FlumeAgentProcess.startWithJars(tmp.resolve("flume"),
        config(flumePort, flumeOut), List.of(FlumePluginJarIT.pluginJar()), DEADLINE,
        "Component type: SOURCE, name: r1 started")) {
      awaitListening(flumePort);
      byFlume = sendAll(flumePort);
      assertEquals(FLUME_STATUSES, byFlume, "Flume's answers");
      awaitLines(flumeOut, EVENTS);
    }

    Path sluiceOut = tmp.resolve("sluice-events.txt");
    int sluicePort = freePort();
    UnpackedDistribution dist = UnpackedDistribution.unpack(tmp);
    Path lib = Files.createDirectories(tmp.resolve("plugins.d/http-handler/lib"));
    Files.copy(FlumePluginJarIT.pluginJar(), lib.resolve("http-handler.jar"));
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Files.copy(dist.home().resolve("conf/log4j2.xml"), conf.resolve("log4j2.xml"));
    Path confFile = Files.writeString(conf.resolve("flume.conf"), config(sluicePort, sluiceOut));
    Path agentLog = tmp.resolve("sluice-agent.out");
    Process sluice = dist.flumeNg(Map.of(), "agent", "--conf", conf.toString(), "--conf-file",
        confFile.toString(), "--name", "a1", "--plugins-path",
        tmp.resolve("plugins.d").toString(), "-Dflume.root.logger=INFO,console")
        .redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
    List<Integer> bySluice;
    try {
      awaitListening(sluicePort);
      bySluice = sendAll(sluicePort);
      assertEquals(SLUICE_STATUSES, bySluice, "Sluice's answers; log:\n"
          + Files.readString(agentLog));
      awaitLines(sluiceOut, EVENTS);
      sluice.destroy();
      assertTrue(sluice.waitFor(60, TimeUnit.SECONDS), "Sluice did not stop on SIGTERM");
    } finally {
      sluice.destroyForcibly();
    }
    String log = Files.readString(agentLog);

    assertEquals(FLUME_STATUSES, byFlume, "Flume's answers");
    assertEquals(SLUICE_STATUSES, bySluice, "Sluice's answers; log:\n" + log);
    List<String> flumeLines = Files.readAllLines(flumeOut, StandardCharsets.UTF_8);
    assertEquals(EVENTS, flumeLines.size(), flumeLines.toString());
    List<String> sluiceLines = Files.readAllLines(sluiceOut, StandardCharsets.UTF_8);
    for (int i = 0; i < EVENTS; i++) {
      assertEquals(flumeLines.get(i), sluiceLines.get(i), "event " + (i + 1) + "; log:\n" + log);
    }
    assertEquals(flumeLines, sluiceLines);
  }

  /** Sends each request on a connection of its own, in order; the status of each answer. */
  private static List<Integer> sendAll(int port) throws IOException {
    List<Integer> statuses = new ArrayList<>();
    for (Request r : REQUESTS) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        s.setSoTimeout(30_000);
        OutputStream out = s.getOutputStream();
        out.write(r.bytes());
        out.flush();
        statuses.add(status(s.getInputStream(), r.head().startsWith("HEAD ")));
      }
    }
    return statuses;
  }

  /**
   * The status code of the final answer's first line, after any {@code 100 Continue} (Netty sends
   * one for {@code Expect: 100-continue}, Jetty only when the body has not come yet); reads the
   * answer to its end.
   */
  private static int status(InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    in.transferTo(answer);
    String text = answer.toString(StandardCharsets.ISO_8859_1);
    while (text.startsWith("HTTP/1.1 100 ")) {
      text = text.substring(text.indexOf("\r\n\r\n") + 4);
    }
    assertTrue(text.startsWith("HTTP/1."), "not an HTTP answer: " + text);
    if (head) {
      assertTrue(text.endsWith("\r\n\r\n"), "an answer to HEAD has no body: " + text);
    }
    return Integer.parseInt(text.substring(9, 12));
  }

  private static void awaitListening(int port) {
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return true;
      }
    });
  }

  private static void awaitLines(Path file, int count) {
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() ->
        Files.exists(file) && Files.readAllLines(file, StandardCharsets.UTF_8).size() >= count);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
