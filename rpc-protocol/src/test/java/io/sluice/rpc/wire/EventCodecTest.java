package io.sluice.rpc.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoded events' headers: what a HashMap filled in wire order holds, and mutable downstream. */
class EventCodecTest {
  private static final WireLimits LIMITS = new WireLimits(1 << 20, 10, 1 << 20);

  /** One event whose headers come in the given blocks of name/value pairs. */
  private static ByteBuf event(String[][] blocks, byte[] body) {
    ByteBuf buf = Unpooled.buffer();
    AvroWriter out = new AvroWriter(buf);
    for (String[] block : blocks) {
      out.writeLong(block.length / 2);
      for (String s : block) {
        out.writeString(s);
      }
    }
    out.writeLong(0).writeBytes(body);
    return buf;
  }

  private static Map<String, String> inWireOrder(String[][] blocks) {
    Map<String, String> expected = new HashMap<>();
    for (String[] block : blocks) {
      for (int i = 0; i < block.length; i += 2) {
        expected.put(block[i], block[i + 1]);
      }
    }
    return expected;
  }

  @Test
  void headersInBlocksAndRepeatedNamesDecodeAsAHashMapFilledInOrder() {
    String[][] few = {{"a", "1", "b", "2"}, {"a", "3", "ü", "é"}}; // a repeated: the last wins
    String[][] many = new String[20][];
    for (int i = 0; i < many.length; i++) {
      many[i] = new String[] {"h" + (i % 15), "v" + i}; // blocks of one, past the small map's size
    }
    for (String[][] blocks : new String[][][] {few, many, {}}) {
      ByteBuf buf = event(blocks, new byte[] {7});
      Event e = EventCodec.readEvent(new AvroReader(buf), LIMITS);
      assertFalse(buf.isReadable());
      assertEquals(inWireOrder(blocks), e.getHeaders());
      assertArrayEquals(new byte[] {7}, e.getBody());
    }
  }

  @Test
  void decodedHeadersCanBeChangedDownstream() {
    for (String[][] blocks : new String[][][] {{}, {{"a", "1", "b", "2", "c", "3"}}}) {
      Event e = EventCodec.readEvent(new AvroReader(event(blocks, new byte[0])), LIMITS);
      Map<String, String> expected = inWireOrder(blocks);
      e.getHeaders().put("added", "x");
      e.getHeaders().remove("a");
      expected.put("added", "x");
      expected.remove("a");
      assertEquals(expected, e.getHeaders());
      ByteBuf again = Unpooled.buffer();
      EventCodec.writeEvent(new AvroWriter(again), e);
      assertEquals(e, EventCodec.readEvent(new AvroReader(again), LIMITS));
    }
  }

  @Test
  void commonHeaderNamesDecodeToOneSharedStringAndOthersAsTheirOwn() {
    String[][] blocks = {{"timestamp", "1", "topic", "t", "partition", "0", "offset", "9", "key", "k",
        "host", "h", "file", "f", "basename", "b", "times", "x", "timestamps", "y", "Topic", "z", "kéy", "w"}};
    Event first = EventCodec.readEvent(new AvroReader(event(blocks, new byte[0])), LIMITS);
    Event second = EventCodec.readEvent(new AvroReader(event(blocks, new byte[0])), LIMITS);
    assertEquals(inWireOrder(blocks), first.getHeaders());
    for (String name : first.getHeaders().keySet()) {
      String again = second.getHeaders().keySet().stream().filter(name::equals).findFirst().orElseThrow();
      if (name.equals("times") || name.equals("timestamps") || name.equals("Topic") || name.equals("kéy")) {
        assertNotSame(name, again, name); // not a known name: each event decodes its own
      } else {
        assertSame(name, again, name);
      }
    }
  }

  @Test
  void valuesThatRepeatThePreviousEventsAtTheSamePlaceAreTheSameString() {
    RecentHeaderValues recent = new RecentHeaderValues();
    String[][] first = {{"topic", "orders", "partition", "0", "offset", "41", "x", "é"}};
    String[][] second = {{"topic", "orders", "partition", "1", "offset", "42", "y", "é"}};
    String[][] third = {{"partition", "1", "topic", "orders"}}; // other places: decoded anew
    Event a = EventCodec.readEvent(new AvroReader(event(first, new byte[0])), LIMITS, recent);
    Event b = EventCodec.readEvent(new AvroReader(event(second, new byte[0])), LIMITS, recent);
    Event c = EventCodec.readEvent(new AvroReader(event(third, new byte[0])), LIMITS, recent);
    Event d = EventCodec.readEvent(new AvroReader(event(third, new byte[0])), LIMITS, recent);
    assertEquals(inWireOrder(first), a.getHeaders());
    assertEquals(inWireOrder(second), b.getHeaders());
    assertEquals(inWireOrder(third), c.getHeaders());
    assertEquals(inWireOrder(third), d.getHeaders());
    assertSame(a.getHeaders().get("topic"), b.getHeaders().get("topic"));
    assertNotSame(a.getHeaders().get("partition"), b.getHeaders().get("partition"));
    assertNotSame(a.getHeaders().get("x"), b.getHeaders().get("y")); // same bytes, another name
    assertNotSame(b.getHeaders().get("partition"), c.getHeaders().get("partition"));
    assertSame(c.getHeaders().get("partition"), d.getHeaders().get("partition"));
    assertSame(c.getHeaders().get("topic"), d.getHeaders().get("topic"));
  }

  @Test
  void longValuesAndPlacesPastTheHeldOnesDecodeAsUsual() {
    RecentHeaderValues recent = new RecentHeaderValues();
    String[] block = new String[2 * (RecentHeaderValues.PLACES + 2)];
    for (int i = 0; i < block.length; i += 2) {
      block[i] = "h" + i;
      block[i + 1] = i == 0 ? "v".repeat(RecentHeaderValues.MAX_BYTES + 1) : "v";
    }
    String[][] blocks = {block};
    WireLimits many = new WireLimits(1 << 20, 100, 1 << 20);
    Event a = EventCodec.readEvent(new AvroReader(event(blocks, new byte[0])), many, recent);
    Event b = EventCodec.readEvent(new AvroReader(event(blocks, new byte[0])), many, recent);
    assertEquals(inWireOrder(blocks), b.getHeaders());
    assertNotSame(a.getHeaders().get("h0"), b.getHeaders().get("h0"));
    assertSame(a.getHeaders().get("h2"), b.getHeaders().get("h2"));
    String last = "h" + (block.length - 2);
    assertNotSame(a.getHeaders().get(last), b.getHeaders().get(last));
  }

  /** Both writers against {@link #event}'s plain one (each string as it comes), map walked, not sized. */
  @Test
  void toBytesAndWriteEventWriteTheEntriesTheMapWalks() {
    Map<String, String> understated = new LinkedHashMap<>() {
      @Override
      public int size() {
        return 0; // says less than it walks: every entry is written all the same
      }
    };
    for (int i = 0; i < 5; i++) {
      understated.put("n" + i, "v" + i);
    }
    Map<String, String> common = new LinkedHashMap<>();
    common.put("timestamp", "1733454000000"); // a literal: the held bytes
    common.put(new String("topic".toCharArray()), "orders"); // equal, not the same: encoded
    common.put("ü-\uD83D\uDE00", "\uD800 unpaired"); // four-byte UTF-8, an unpaired surrogate ('?')
    List<Map<String, String>> maps = List.of(Map.of(), common, understated, Map.of("k", "v".repeat(200)));
    for (Map<String, String> headers : maps) {
      for (byte[] body : new byte[][] {new byte[0], new byte[300]}) {
        Event e = new SimpleEvent(headers, body); // the map itself, not a copy
        List<String> pairs = new ArrayList<>();
        headers.forEach((k, v) -> {
          pairs.add(k);
          pairs.add(v);
        });
        String[][] blocks = pairs.isEmpty() ? new String[0][] : new String[][] {pairs.toArray(new String[0])};
        byte[] expected = ByteBufUtil.getBytes(event(blocks, body));
        String what = headers.keySet() + ", " + body.length + " bytes";
        assertArrayEquals(expected, EventCodec.toBytes(e), what);
        ByteBuf written = Unpooled.buffer();
        EventCodec.writeEvent(new AvroWriter(written), e);
        assertArrayEquals(expected, ByteBufUtil.getBytes(written), what);
        Event decoded = EventCodec.readEvent(new AvroReader(Unpooled.wrappedBuffer(expected)), LIMITS);
        assertEquals(pairs.size() / 2, decoded.getHeaders().size(), what);
        assertArrayEquals(body, decoded.getBody());
      }
    }
  }

  @Test
  void aNullHeaderValueIsRefusedNamingTheHeader() {
    Map<String, String> headers = new HashMap<>();
    headers.put("trace", null);
    Event e = new SimpleEvent(headers, new byte[0]);
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> EventCodec.writeEvent(new AvroWriter(Unpooled.buffer()), e));
    assertTrue(thrown.getMessage().contains("'trace'"), thrown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EventCodec.toBytes(e));
  }
}
