package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.Event;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
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
