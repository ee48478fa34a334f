package io.sluice.edge.spooldir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.edge.testlog.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDirectoryAvroTest {
  private static final Schema SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "Line", "namespace": "test",
       "fields": [{"name": "id", "type": "int"}, {"name": "msg", "type": "string"}]}
      """);

  @TempDir
  Path dir;
  private SpoolHarness h;

  @BeforeEach
  void setUp() {
    h = new SpoolHarness(dir);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  /** Writes {@code count} records, closing a block after every {@code perBlock}. */
  private void writeAvro(String name, int count, int perBlock) throws IOException {
    Path tmp = dir.resolve(".tmp-" + name);
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(SCHEMA))) {
      w.create(SCHEMA, tmp.toFile());
      for (int i = 1; i <= count; i++) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("id", i);
        r.put("msg", "m" + i);
        w.append(r);
        if (i % perBlock == 0) {
          w.sync();
        }
      }
    }
    h.write(name, Files.readAllBytes(tmp));
    Files.delete(tmp);
  }

  private static List<Integer> ids(List<Event> events) throws IOException {
    GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(SCHEMA);
    List<Integer> ids = new ArrayList<>();
    for (Event e : events) {
      GenericRecord r = reader.read(null, DecoderFactory.get().binaryDecoder(e.getBody(), null));
      assertEquals("m" + r.get("id"), r.get("msg").toString());
      ids.add((Integer) r.get("id"));
    }
    return ids;
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }

  @Test
  void oneEventPerRecordWithTheSchemaHashHeader() throws Exception {
    writeAvro("a.avro", 10, 4);
    h.start(Map.of("deserializer", "AVRO", "batchSize", "3"));
    h.runUntilBackoff();
    List<Event> events = h.drain();
    assertEquals(range(1, 10), ids(events));
    long fp = SchemaNormalization.parsingFingerprint64(SCHEMA);
    byte[] littleEndian = new byte[8];
    for (int i = 0; i < 8; i++) {
      littleEndian[i] = (byte) (fp >>> (8 * i));
    }
    assertEquals(HexFormat.of().formatHex(littleEndian), events.get(0).getHeaders().get("flume.avro.schema.hash"));
    assertTrue(Files.exists(dir.resolve("a.avro.COMPLETED")));
  }

  @Test
  void literalSchemaHeaderWhenAsked() throws Exception {
    writeAvro("a.avro", 2, 100);
    h.start(Map.of("deserializer", "AVRO", "deserializer.schemaType", "LITERAL"));
    h.runUntilBackoff();
    List<Event> events = h.drain();
    assertEquals(SCHEMA, new Schema.Parser().parse(events.get(1).getHeaders().get("flume.avro.schema.literal")));
  }

  @Test
  void crashInsideABlockResumesAtTheNextRecord() throws Exception {
    writeAvro("a.avro", 10, 4);
    h.processor.failAfter(2);
    h.start(Map.of("deserializer", "AVRO", "batchSize", "3"));
    h.runUntilBackoff();
    List<Event> delivered = new ArrayList<>(h.drain());
    assertEquals(range(1, 6), ids(delivered), "two batches; the second ends inside the second block");
    h.source = null;

    h.processor.heal();
    h.start(Map.of("deserializer", "AVRO", "batchSize", "3"));
    h.runUntilBackoff();
    delivered.addAll(h.drain());
    assertEquals(range(1, 10), ids(delivered), "no record lost or repeated");
  }

  @Test
  void aFileThatIsNotAvroIsSetAsideWithOneError() throws Exception {
    h.write("a.avro", "plain text\n");
    writeAvro("b.avro", 3, 100);
    try (LogCapture log = LogCapture.of(SpoolDirectorySource.class)) {
      h.start(Map.of("deserializer", "AVRO"));
      h.runUntilBackoff();
      assertEquals(range(1, 3), ids(h.drain()));
      assertEquals(1, log.errors().size(), log.errors().toString());
      assertTrue(log.errors().get(0).contains("a.avro"), log.errors().get(0));
      assertTrue(Files.exists(dir.resolve("a.avro.FAILED")));
    }
  }
  @Test
  void aCorruptRecordThatAvroFailsOnWithAPlainRuntimeExceptionIsSetAsideAndOtherFilesGoOn() throws Exception {
    Schema withEnum = new Schema.Parser().parse("""
        {"type": "record", "name": "Leveled", "namespace": "test",
         "fields": [{"name": "msg", "type": "string"},
                    {"name": "level", "type": {"type": "enum", "name": "Level", "symbols": ["INFO", "WARN"]}}]}
        """);
    Path tmp = dir.resolve(".tmp-bad");
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(withEnum))) {
      w.create(withEnum, tmp.toFile());
      for (String msg : List.of("first", "corrupt-me", "third")) {
        GenericRecord r = new GenericData.Record(withEnum);
        r.put("msg", msg);
        r.put("level", new GenericData.EnumSymbol(withEnum.getField("level").schema(), "INFO"));
        w.append(r);
      }
    }
    byte[] bytes = Files.readAllBytes(tmp);
    Files.delete(tmp);
    // The enum index right after "corrupt-me": 0x7e is index 63 of a two-symbol enum, which Avro's
    // reader fails on with an IndexOutOfBoundsException rather than its own exception.
    int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("corrupt-me") + 10;
    bytes[at] = 0x7e;
    Path bad = h.write("a.avro", bytes);
    writeAvro("b.avro", 3, 100);
    try (LogCapture log = LogCapture.of(SpoolDirectorySource.class)) {
      h.start(Map.of("deserializer", "AVRO"));
      h.runUntilBackoff();
      List<Event> events = h.drain();
      assertEquals(range(1, 3), ids(events.subList(events.size() - 3, events.size())));
      assertEquals(1, log.errors().size(), log.errors().toString());
      assertTrue(log.errors().get(0).contains(bad.toString()), log.errors().get(0));
      assertTrue(Files.exists(dir.resolve("a.avro.FAILED")));
      assertTrue(Files.exists(dir.resolve("b.avro.COMPLETED")));
    }
  }
}
