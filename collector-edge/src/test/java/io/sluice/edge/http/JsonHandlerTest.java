package io.sluice.edge.http;

import io.sluice.api.http.HttpBadRequestException;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceRequest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Event;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The JSON handlers' bodies and headers, byte for byte, against the text Jackson's tree model
 * decodes from the same request: escapes and multi-byte characters at every position around the
 * parsers' buffer sizes, in UTF-8 and UTF-16, empty and odd bodies, and large headers.
 */
class JsonHandlerTest {
  private static final ObjectMapper TREE = new ObjectMapper();
  private static final String[] PIECES = {"a", "Z", " ", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9",
      "\\ud83d\\ude00", "\u00e9", "\u4e2d", "\ud83d\ude00", "'", "\\t"};

  @Test
  void bodiesMatchTheDecodedTextWithEscapesAndNonAsciiAroundBufferEdges() throws Exception {
    Random random = new Random(19);
    StringBuilder json = new StringBuilder("[");
    int events = 0;
    // Bodies of every length around Jackson's input and text buffer sizes, each with one
    // escape or multi-byte character near its end, plus random mixes.
    for (int len : new int[] {0, 1, 2, 3990, 4000, 4001, 7990, 8000, 8001, 16000, 16001}) {
      for (String piece : PIECES) {
        json.append(events++ == 0 ? "" : ",").append("{\"body\":\"").append("x".repeat(len))
            .append(piece).append("y\"}");
      }
    }
    for (int i = 0; i < 200; i++) {
      StringBuilder body = new StringBuilder();
      int n = random.nextInt(40);
      for (int j = 0; j < n; j++) {
        body.append(random.nextBoolean() ? "ascii-" : PIECES[random.nextInt(PIECES.length)]);
      }
      json.append(",{\"headers\":{\"k\":\"").append(body).append("\"},\"body\":\"").append(body)
          .append("\"}");
      events++;
    }
    json.append("]");
    for (Charset cs : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16)) {
      List<Event> got = parse(new JsonHandler(), json.toString(), cs);
      JsonNode expected = TREE.readTree(json.toString());
      assertEquals(events, got.size());
      for (int i = 0; i < events; i++) {
        JsonNode e = expected.get(i);
        assertArrayEquals(e.get("body").asText().getBytes(cs), got.get(i).getBody(), cs + " #" + i);
        if (e.has("headers")) {
          assertEquals(e.get("headers").get("k").asText(), got.get(i).getHeaders().get("k"));
        }
      }
    }
  }

  @Test
  void singleQuotesEmptyMissingNullAndNonStringBodies() throws Exception {
    List<Event> got = parse(new JsonHandler(), "[{'body':'plain'},{'body':'it\\'s \u00e9'},"
        + "{\"body\":\"\"},{\"headers\":{}},{\"body\":null},{\"body\":12.5},{\"body\":true},"
        + "{\"body\":\"x\",\"other\":{\"body\":\"nested\"}}]", StandardCharsets.UTF_8);
    String[] bodies = {"plain", "it's \u00e9", "", "", "", "12.5", "true", "x"};
    assertEquals(bodies.length, got.size());
    for (int i = 0; i < bodies.length; i++) {
      assertEquals(bodies[i], new String(got.get(i).getBody(), StandardCharsets.UTF_8), "#" + i);
      assertEquals(Map.of(), got.get(i).getHeaders());
    }
    got.get(3).getHeaders().put("added", "by an interceptor"); // headers stay mutable
  }

  @Test
  void rawControlCharactersInStringsAreTakenAsFlumesGsonTakesThem() throws Exception {
    // A naive sender's unescaped TAB, LF and CR inside strings: Gson (Flume) accepts them.
    String raw = "a\tb\nc\rd\u0001e";
    for (Charset cs : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16)) {
      List<Event> got = parse(new JsonHandler(), "[{\"headers\":{\"h\":\"" + raw + "\"},\"body\":\""
          + raw + "\"}]", cs);
      assertEquals(raw, new String(got.get(0).getBody(), cs), cs.name());
      assertEquals(raw, got.get(0).getHeaders().get("h"), cs.name());
    }
  }

  @Test
  void manyAndLargeHeadersArriveWholeAndNullOnesAreLeftOut() throws Exception {
    Map<String, String> expected = new HashMap<>();
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      String value = i == 7 ? "v".repeat(200_000) : i % 3 == 0 ? "\u00e9\\u00e9" + i : "v" + i;
      headers.append(i == 0 ? "" : ",").append("\"h").append(i).append("\":\"").append(value)
          .append('"');
      expected.put("h" + i, value.replace("\\u00e9", "\u00e9"));
    }
    headers.append(",\"gone\":null,\"n\":42");
    expected.put("n", "42");
    String one = "{\"headers\":{" + headers + "},\"body\":\"b\"}";
    // Two events: the second's map must not hold the first's entries.
    List<Event> got = parse(new NdjsonHandler(), one + "\n{\"headers\":{\"only\":\"1\"}}\n",
        StandardCharsets.UTF_8);
    assertEquals(2, got.size());
    assertEquals(expected, got.get(0).getHeaders());
    assertEquals(Map.of("only", "1"), got.get(1).getHeaders());
  }

  @Test
  void aRepeatedHeaderNameIsABadRequestAsWithFlumesGsonInSmallAndLargeHeaderObjects() {
    StringBuilder large = new StringBuilder("\"k\":\"first\"");
    for (int i = 0; i < 12; i++) {
      large.append(",\"h").append(i).append("\":\"").append(i).append('"');
    }
    large.append(",\"k\":\"last\"");
    for (String headers : List.of("\"k\":\"first\",\"j\":\"1\",\"k\":\"last\"", large.toString())) {
      HttpBadRequestException e = assertThrows(HttpBadRequestException.class,
          () -> parse(new JsonHandler(), "[{\"headers\":{\"a\":\"ok\"}},{\"headers\":{" + headers
              + "}}]", StandardCharsets.UTF_8));
      assertTrue(e.getMessage().contains("header \"k\" appears twice"), e.getMessage());
    }
  }

  @Test
  void manyHeaderNamesAreCheckedForRepeatsInLinearTime() {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      names.append(i == 0 ? "" : ",").append("\"h").append(i).append("\":\"v\"");
    }
    String distinct = "[{\"headers\":{" + names + "}}]";
    String repeatedLast = "[{\"headers\":{" + names + ",\"h7\":\"again\"}}]";
    // a quadratic check would take minutes here: an I/O thread held by one request
    assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
      assertEquals(200_000, parse(new JsonHandler(), distinct, StandardCharsets.UTF_8).get(0)
          .getHeaders().size());
      HttpBadRequestException e = assertThrows(HttpBadRequestException.class,
          () -> parse(new JsonHandler(), repeatedLast, StandardCharsets.UTF_8));
      assertTrue(e.getMessage().contains("header \"h7\" appears twice"), e.getMessage());
    });
  }

  @Test
  void aValueRepeatedAtTheSamePlaceIsSharedAndEveryOtherValueIsItsOwn() throws Exception {
    List<Event> got = parse(new JsonHandler(), "[{\"headers\":{\"a\":\"x1\",\"b\":\"y\"}},"
        + "{\"headers\":{\"a\":\"x1\",\"b\":\"z\"}},{\"headers\":{\"b\":\"x1\",\"a\":\"x2\"}},"
        + "{\"headers\":{\"b\":\"x1\",\"a\":\"x2\",\"c\":\"\"}}]", StandardCharsets.UTF_8);
    assertEquals(Map.of("a", "x1", "b", "y"), got.get(0).getHeaders());
    assertEquals(Map.of("a", "x1", "b", "z"), got.get(1).getHeaders());
    assertEquals(Map.of("b", "x1", "a", "x2"), got.get(2).getHeaders());
    assertEquals(Map.of("b", "x1", "a", "x2", "c", ""), got.get(3).getHeaders());
    assertSame(got.get(0).getHeaders().get("a"), got.get(1).getHeaders().get("a"));
    assertSame(got.get(2).getHeaders().get("b"), got.get(3).getHeaders().get("b"));
  }

  @Test
  void fieldsInAnyOrderWithOtherFieldsAndQuotingBetweenThemAreReadAsTheirNames() throws Exception {
    // Senders write "headers" then "body" and the same header names event after event; any other
    // order, skipped field, quoting or name that extends a known one must read the same.
    List<Event> got = parse(new JsonHandler(), "[{\"headers\":{\"a\":\"1\",\"b\":\"2\"},"
        + "\"body\":\"p\"},{\"body\":\"q\",\"x\":\"skip\",\"headers\":{\"b\":\"3\",\"a\":\"4\"}},"
        + "{'headers':{'a':'5',b:'6'},\"bodyx\":\"no\",body:'r'},{\"headersx\":{\"a\":\"no\"},"
        + "\"headers\":{\"a\":\"7\",\"ab\":\"8\"},\"body\":\"s\",\"body2\":[1,{\"body\":\"t\"}]},"
        + "{\"headers\":{\"a\":\"9\"},\"body\":\"u\"}]", StandardCharsets.UTF_8);
    List<Map<String, String>> headers = List.of(Map.of("a", "1", "b", "2"),
        Map.of("b", "3", "a", "4"), Map.of("a", "5", "b", "6"), Map.of("a", "7", "ab", "8"),
        Map.of("a", "9"));
    String[] bodies = {"p", "q", "r", "s", "u"};
    assertEquals(bodies.length, got.size());
    for (int i = 0; i < bodies.length; i++) {
      assertEquals(headers.get(i), got.get(i).getHeaders(), "#" + i);
      assertEquals(bodies[i], new String(got.get(i).getBody(), StandardCharsets.UTF_8), "#" + i);
    }
  }

  @Test
  void aHeaderThatIsAnObjectOrArrayIsABadRequest() {
    for (String bad : List.of("[{\"headers\":{\"a\":[1]}}]", "[{\"headers\":[]}]",
        "[{\"body\":{\"a\":1}}]", "[{\"body\":\"unterminated}]", "[{\"body\":\"bad \\x escape\"}]")) {
      assertThrows(HttpBadRequestException.class,
          () -> parse(new JsonHandler(), bad, StandardCharsets.UTF_8), bad);
    }
  }

  @Test
  void aByteOrderMarkBeforeTheJsonIsSkippedInEveryCharsetTheHandlersTake() throws Exception {
    for (String name : List.of("UTF-8", "UTF-16", "UTF-16BE", "UTF-16LE", "UTF-32", "UTF-32BE",
        "UTF-32LE")) {
      Charset cs = Charset.forName(name);
      // Java's UTF-16 encoder writes a mark of its own: the text then starts with one
      String text = name.equals("UTF-16") ? "" : "\uFEFF";
      for (HttpSourceHandler handler : List.of(new JsonHandler(), new NdjsonHandler())) {
        String json = handler instanceof JsonHandler ? "[{\"body\":\"caf\u00e9\"}]"
            : "{\"body\":\"caf\u00e9\"}\n";
        List<Event> got = parse(handler, text + json, cs);
        assertEquals(1, got.size(), name);
        assertArrayEquals("caf\u00e9".getBytes(cs), got.get(0).getBody(), name);
      }
    }
  }

  private static List<Event> parse(HttpSourceHandler handler, String json, Charset cs)
      throws Exception {
    return handler.getEvents(new BytesRequest(json.getBytes(cs), cs.name()));
  }

  /** A request of bytes in memory, as a handler sees it. */
  private record BytesRequest(byte[] bytes, String charset) implements HttpSourceRequest {
    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String uri() {
      return "/";
    }

    @Override
    public Map<String, List<String>> queryParameters() {
      return Map.of();
    }

    @Override
    public String header(String name) {
      return null;
    }

    @Override
    public int bodyLength() {
      return bytes.length;
    }

    @Override
    public InputStream body() {
      return new ByteArrayInputStream(bytes);
    }
  }
}
