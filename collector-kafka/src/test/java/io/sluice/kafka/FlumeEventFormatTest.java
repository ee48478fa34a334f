package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import io.sluice.rpc.wire.AvroWriter;
import io.sluice.rpc.wire.EventCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** Byte-for-byte what Flume writes: AvroFlumeEvent through Avro's own datum writer, no container. */
class FlumeEventFormatTest {
  private static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":"
      + "\"AvroFlumeEvent\",\"namespace\":\"org.apache.flume.source.avro\",\"fields\":[{\"name\":"
      + "\"headers\",\"type\":{\"type\":\"map\",\"values\":\"string\"}},{\"name\":\"body\",\"type\":\"bytes\"}]}");

  private static byte[] avroWrites(Map<String, String> headers, byte[] body) throws Exception {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("headers", headers);
    r.put("body", ByteBuffer.wrap(body));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(SCHEMA).write(r, enc);
    enc.flush();
    return out.toByteArray();
  }

  @Test
  void encodesAsAvrosDatumWriterDoes() throws Exception {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("host", "web1");
    h.put("ü", "é".repeat(100));
    byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
    Event e = Event.of(h, body);
    assertArrayEquals(avroWrites(e.getHeaders(), body), FlumeEventFormat.encode(e));
    assertArrayEquals(avroWrites(Map.of(), new byte[0]), FlumeEventFormat.encode(Event.of(new byte[0])));
  }

  /** The encoding before the exact size: the shared codec into a growing buffer, then a copy. */
  private static byte[] growingBufferWrites(Event event) {
    ByteBuf buf = Unpooled.buffer(16);
    try {
      EventCodec.writeEvent(new AvroWriter(buf), event);
      byte[] out = new byte[buf.readableBytes()];
      buf.readBytes(out);
      return out;
    } finally {
      buf.release();
    }
  }

  @Test
  void exactSizeEncodingIsByteIdenticalToTheGrowingBuffers() {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("ascii", "web1");
    text.put("ü", "é".repeat(100)); // two-byte UTF-8, lengths past one varint byte
    text.put("日本", "語€"); // three-byte
    text.put("emoji", "\uD83D\uDE00 \uD834\uDD1E"); // surrogate pairs: four bytes each
    text.put("lone", "a\uD800b\uDC00c\uD800"); // unpaired surrogates: '?' each, as getBytes
    text.put("", "");
    byte[] large = new byte[3 * 1024 * 1024 + 7];
    new Random(17).nextBytes(large);
    Map<String, String> lengths = new LinkedHashMap<>();
    for (int n : new int[] {63, 64, 8191, 8192, 1_048_575, 1_048_576}) {
      lengths.put("k" + n, "x".repeat(n)); // each side of a varint length's byte boundaries
    }
    for (Map<String, String> headers : List.of(text, Map.<String, String>of(), lengths)) {
      for (byte[] body : new byte[][] {new byte[0], "hello".getBytes(StandardCharsets.UTF_8), large}) {
        Event e = Event.of(headers, body);
        byte[] encoded = FlumeEventFormat.encode(e);
        assertArrayEquals(growingBufferWrites(e), encoded, headers.keySet() + ", " + body.length + " bytes");
        // decoded and encoded again, the same bytes (unpaired surrogates were '?' already)
        assertArrayEquals(encoded, FlumeEventFormat.encode(FlumeEventFormat.decode(encoded)));
      }
    }
  }

  @Test
  void nullHeaderValueIsRefusedByName() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("host", null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FlumeEventFormat.encode(Event.of(h, new byte[1])));
    assertEquals("event header 'host' has a null value", e.getMessage());
  }

  @Test
  void decodesWhatAvroWrites() throws Exception {
    Map<String, String> h = Map.of("a", "1", "b", "2");
    Event e = FlumeEventFormat.decode(avroWrites(h, new byte[] {1, 2, 3}));
    assertEquals(h, e.getHeaders());
    assertArrayEquals(new byte[] {1, 2, 3}, e.getBody());
  }

  @Test
  void refusesWhatIsNotOneAvroFlumeEvent() {
    assertThrows(IllegalArgumentException.class, () -> FlumeEventFormat.decode("plain text".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class, () -> FlumeEventFormat.decode(new byte[] {(byte) 0xff, 1, 2}));
    assertThrows(IllegalArgumentException.class, () -> FlumeEventFormat.decode(null));
  }
}
