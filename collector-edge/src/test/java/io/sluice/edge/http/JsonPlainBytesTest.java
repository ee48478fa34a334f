package io.sluice.edge.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.sluice.api.Event;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bodies and header values that a UTF-8 request's JSON handler takes straight from the request's
 * bytes, without Jackson decoding them, against the decoded-then-encoded text of the same request
 * (Jackson's tree model, the path every other string takes), event by event: every piece of
 * plain, escaped and multi-byte text at every offset around the eight-byte scan, at the end of
 * the request, large, empty, repeated and changed header values, a body split over several Netty
 * buffers, and malformed bytes, which must be rejected or accepted exactly as the decoding path
 * does.
 */
class JsonPlainBytesTest {
  private static final ObjectMapper TREE =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
  private static final String[] PIECES = {"", "a", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9",
      "\\ud83d\\ude00", "\u00e9", "\u4e2d", "\ud83d\ude00", "'", "\\t", "\\u0000", "\u007f"};

  @Test
  void everyEventMatchesTheDecodedTextAtEveryOffsetAroundTheScan() throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int len = 0; len <= 17; len++) {
      for (String piece : PIECES) {
        for (int at = 0; at <= len; at += Math.max(1, len / 3)) {
          bodies.add("p".repeat(at) + piece + "q".repeat(len - at));
        }
      }
    }
    bodies.add("L".repeat(200_000));
    bodies.add("L".repeat(70_000) + "\\\"" + "M".repeat(9));
    Random random = new Random(19);
    for (int i = 0; i < 300; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = random.nextInt(30); n > 0; n--) {
        b.append(random.nextBoolean() ? "GET /x 200 " : PIECES[random.nextInt(PIECES.length)]);
      }
      bodies.add(b.toString());
    }
    // Header values: the same plain value, its escaped spelling, one that extends it, a prefix
    // of it, a single-quoted one and a multi-byte one, at the same place event after event.
    String[] values = {"nginx", "nginx", "ngin\\u0078", "nginx2", "ngin", "nginx", "\u00e9x",
        "nginx", "", "", "nginx"};
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < bodies.size(); i++) {
      String v = values[i % values.length];
      json.append(i == 0 ? "" : ",").append("{\"headers\":{\"host\":\"web-01\",\"app\":")
          .append(i % 13 == 5 ? "'" + v + "'" : "\"" + v + "\"").append("},\"body\":\"")
          .append(bodies.get(i)).append("\"}");
    }
    // Last, a plain body of each short length ending right before the request's last bytes.
    for (int len = 0; len <= 17; len++) {
      json.append(",{\"body\":\"").append("z".repeat(len)).append("\"}");
    }
    json.append("]");
    byte[] request = json.toString().getBytes(StandardCharsets.UTF_8);
    assertSameAsDecoded(request, parse(request));
    // The same request in pieces of Netty buffers, split inside strings and their escapes.
    ByteBuf[] pieces = new ByteBuf[7];
    for (int i = 0, from = 0; i < pieces.length; i++) {
      int to = i == pieces.length - 1 ? request.length : from + 1 + random.nextInt(20_000);
      pieces[i] = Unpooled.wrappedBuffer(request, from, to - from);
      from = to;
    }
    DefaultFullHttpRequest split = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
        HttpMethod.POST, "/", Unpooled.wrappedBuffer(pieces));
    assertSameAsDecoded(request, new JsonHandler().getEvents(new NettySourceRequest(split)));
  }

  @Test
  void malformedBytesAreRejectedOrAcceptedAsTheDecodingPathDoes() throws Exception {
    byte[][] inside = {{0x09}, {0x01}, {(byte) 0x80}, {(byte) 0xC3}, {(byte) 0xC3, 'a'},
        {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80,
        (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE4, (byte) 0xB8}};
    for (byte[] bad : inside) {
      for (String before : List.of("", "plain text ")) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("[{\"headers\":{\"a\":\"" + before).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad);
        out.writeBytes(("\"},\"body\":\"" + before).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad);
        out.writeBytes("\"}]".getBytes(StandardCharsets.UTF_8));
        byte[] request = out.toByteArray();
        JsonNode decoded;
        try {
          decoded = TREE.readTree(request);
        } catch (Exception rejected) {
          assertThrows(HttpBadRequestException.class, () -> parse(request), rejected.toString());
          continue;
        }
        assertSameAsDecoded(request, parse(request));
        assertEquals(1, decoded.size());
      }
    }
  }

  private static List<Event> parse(byte[] request) throws Exception {
    DefaultFullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
        "/", Unpooled.wrappedBuffer(request));
    return new JsonHandler().getEvents(new NettySourceRequest(r));
  }

  /** Each event as the decoding path makes it: text decoded, then encoded in UTF-8. */
  private static void assertSameAsDecoded(byte[] request, List<Event> got) throws Exception {
    JsonNode expected = TREE.readTree(request);
    assertEquals(expected.size(), got.size());
    for (int n = 0; n < got.size(); n++) {
      int i = n;
      JsonNode e = expected.get(i);
      assertArrayEquals(e.path("body").asText().getBytes(StandardCharsets.UTF_8),
          got.get(i).getBody(), "body #" + i);
      Map<String, String> headers = got.get(i).getHeaders();
      JsonNode h = e.path("headers");
      assertEquals(h.size(), headers.size(), "headers #" + i);
      h.fields().forEachRemaining(f -> assertEquals(f.getValue().asText(),
          headers.get(f.getKey()), "header " + f.getKey() + " #" + i));
    }
  }
}
