package io.sluice.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemberCodecTest {

  private static Member decode(String json) {
    return MemberCodec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesTheDocumentedJson() {
    Member m = new Member("agg-1", "10.0.0.5", 4141, true, 50, "0.1.0");
    assertEquals("{\"id\":\"agg-1\",\"host\":\"10.0.0.5\",\"port\":4141,\"tls\":true,"
        + "\"weight\":50,\"version\":\"0.1.0\"}",
        new String(MemberCodec.encode(m), StandardCharsets.UTF_8));
    assertEquals(m, MemberCodec.decode(MemberCodec.encode(m)));
  }

  @Test
  void theProcessIdIsWrittenWhenKnownAndOlderRecordsWithoutItStillDecode() {
    Member m = new Member("agg-1", "10.0.0.5", 4141, false, 100, "0.1.0", 4711);
    String json = new String(MemberCodec.encode(m), StandardCharsets.UTF_8);
    assertTrue(json.endsWith(",\"pid\":4711}"), json);
    assertEquals(m, MemberCodec.decode(MemberCodec.encode(m)));
    Member old = decode("{\"id\":\"agg-1\",\"host\":\"10.0.0.5\",\"port\":4141,"
        + "\"tls\":false,\"weight\":100,\"version\":\"0.1.0\"}");
    assertEquals(0, old.pid());
    assertEquals(new Member("agg-1", "10.0.0.5", 4141, false, 100, "0.1.0"), old);
  }

  @Test
  void escapesSurviveARoundTrip() {
    Member m = new Member("a", "h", 1, false, 0, "v \"quoted\" \\ tab\t nl\n \u0001 é");
    assertEquals(m, MemberCodec.decode(MemberCodec.encode(m)));
  }

  @Test
  void optionalFieldsDefaultAndUnknownFieldsAreIgnored() {
    Member m = decode(" { \"id\" : \"x\", \"host\":\"h\", \"port\": 9, \"zone\":\"eu-1\","
        + " \"draining\": false } ");
    assertEquals(new Member("x", "h", 9, false, MemberCodec.DEFAULT_WEIGHT, ""), m);
  }

  @Test
  void errorsNameTheField() {
    assertEquals("member JSON lacks the field 'port'",
        assertThrows(IllegalArgumentException.class,
            () -> decode("{\"id\":\"x\",\"host\":\"h\"}")).getMessage());
    assertEquals("member JSON field 'port' should be a number, not 41",
        assertThrows(IllegalArgumentException.class,
            () -> decode("{\"id\":\"x\",\"host\":\"h\",\"port\":\"41\"}")).getMessage());
    assertEquals("member 'x': port 70000 is not 1..65535",
        assertThrows(IllegalArgumentException.class,
            () -> decode("{\"id\":\"x\",\"host\":\"h\",\"port\":70000}")).getMessage());
  }

  @Test
  void malformedJsonIsRejectedWithAPosition() {
    for (String bad : new String[] {"", "[]", "{\"id\":", "{\"id\":\"x\"", "{\"id\":\"x\"} tail",
        "{\"id\":\"x\",\"id\":\"y\"}", "{\"a\":1.5}", "{\"a\":\"\\q\"}"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decode(bad),
          bad);
      assertTrue(e.getMessage().startsWith("bad JSON at offset "), bad + " -> " + e.getMessage());
    }
  }

  @Test
  void idsThatWouldBreakThePathAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Member("a/b", "h", 1, false, 1, ""));
    assertTrue(e.getMessage().contains("member id 'a/b'"), e.getMessage());
  }
}
