package io.sluice.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    Member m = new Member("a", "h", 1, false, 0, "v \"quoted\" \\ é");
    assertEquals(m, MemberCodec.decode(MemberCodec.encode(m)));
  }

  @Test
  void hostsThatCouldBeOptionsOrCarryControlCharactersAreRefused() {
    for (String host : new String[] {"-oProxyCommand=sh", "h\u001b[31m", "h\nx", "a b", "h;reboot",
        "$(id)", ".hidden", "x".repeat(254)}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new Member("m", host, 1, false, 1, ""), host);
      assertTrue(e.getMessage().contains("is not a host name or address"), e.getMessage());
      assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
    }
    for (String host : new String[] {"agg-1.example.com", "10.0.0.5", "::1", "[fe80::1]", "h_1"}) {
      assertEquals(host, new Member("m", host, 1, false, 1, "").host());
    }
  }

  @Test
  void idsAreShortAndPlainVersionsHaveNoControlCharacters() {
    for (String id : new String[] {"x;reboot", "$(id)", "a'b", "x".repeat(129)}) {
      assertThrows(IllegalArgumentException.class, () -> new Member(id, "h", 1, false, 1, ""), id);
    }
    assertEquals("agg-1.dc_2", new Member("agg-1.dc_2", "h", 1, false, 1, "").id());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Member("m", "h", 1, false, 1, "1.0\u001b]0;pwned\u0007"));
    assertTrue(e.getMessage().contains("control characters"), e.getMessage());
  }

  @Test
  void hugeOrDeepDocumentsAreRefusedBeforeTheyCostMemory() {
    byte[] big = ("{\"id\":\"x\",\"host\":\"h\",\"port\":1,\"pad\":\""
        + "x".repeat(MemberCodec.MAX_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MemberCodec.decode(big))
        .getMessage().contains("more than " + MemberCodec.MAX_BYTES));
    String deep = "{\"id\":\"x\",\"host\":\"h\",\"port\":1,\"pad\":" + "[".repeat(500)
        + "]".repeat(500) + "}";
    assertTrue(assertThrows(IllegalArgumentException.class, () -> decode(deep)).getMessage()
        .startsWith("bad JSON at offset "));
    String longString = "{\"id\":\"x\",\"host\":\"h\",\"port\":1,\"pad\":\""
        + "y".repeat(5000) + "\"}";
    assertTrue(assertThrows(IllegalArgumentException.class, () -> decode(longString))
        .getMessage().startsWith("bad JSON at offset "));
  }

  @Test
  void optionalFieldsDefaultAndUnknownFieldsAreIgnored() {
    Member m = decode(" { \"id\" : \"x\", \"host\":\"h\", \"port\": 9, \"zone\":\"eu-1\","
        + " \"draining\": false } ");
    assertEquals(new Member("x", "h", 9, false, MemberCodec.DEFAULT_WEIGHT, ""), m);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      ``                        | member JSON lacks the field 'port'
      ,"port":"41"              | member JSON field 'port' should be a number
      ,"port":41.5              | member JSON field 'port' should be a number
      ,"port":4,"tls":1         | member JSON field 'tls' should be a boolean
      ,"port":99999999999       | member JSON field 'port' is out of range
      ,"port":70000             | member 'x': port 70000 is not 1..65535
      """)
  void errorsNameTheField(String fields, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class,
        () -> decode("{\"id\":\"x\",\"host\":\"h\"" + fields + "}")).getMessage());
  }

  @Test
  void malformedJsonIsRejectedWithAPosition() {
    for (String bad : new String[] {"", "[]", "{\"id\":", "{\"id\":\"x\"", "{\"id\":\"x\"} tail",
        "{\"id\":\"x\",\"id\":\"y\"}", "{\"a\":1.5", "{\"a\":\"\\q\"}", "null"}) {
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
