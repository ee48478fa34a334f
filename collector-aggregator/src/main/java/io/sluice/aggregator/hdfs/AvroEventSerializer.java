package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Flume's {@code avro_event} serializer: an Avro container file of records
 * {@code Event {map<string> headers; bytes body}} (Flume's schema, no namespace), readable with
 * Avro's {@code DataFileReader}. {@link #flush()} ends the current Avro block, so what was flushed
 * can be read back once the stream is flushed. Not thread-safe.
 */
final class AvroEventSerializer implements EventSerializer {
  static final Schema SCHEMA = SchemaBuilder.record("Event").fields()
      .name("headers").type().map().values().stringType().noDefault()
      .name("body").type().bytesType().noDefault()
      .endRecord();

  private final String codec;
  private final int syncIntervalBytes;
  private DataFileWriter<GenericRecord> writer;

  AvroEventSerializer(String codec, int syncIntervalBytes) {
    this.codec = codec;
    this.syncIntervalBytes = syncIntervalBytes;
  }

  /** Checks a {@code serializer.compressionCodec} value; throws IllegalArgumentException if unknown. */
  static CodecFactory codecFactory(String name) {
    return CodecFactory.fromString(name);
  }

  @Override
  public void open(OutputStream out) throws IOException {
    writer = new DataFileWriter<GenericRecord>(new GenericDatumWriter<>(SCHEMA))
        .setCodec(codecFactory(codec))
        .setSyncInterval(syncIntervalBytes);
    // Flushing ends a block; the stream is flushed by the file writer, not on each block.
    writer.setFlushOnEveryBlock(false);
    writer.create(SCHEMA, out);
  }

  @Override
  public void write(Event event) throws IOException {
    GenericRecord r = new GenericData.Record(SCHEMA);
    Map<CharSequence, CharSequence> headers = new HashMap<>(event.getHeaders());
    r.put("headers", headers);
    r.put("body", ByteBuffer.wrap(event.getBody()));
    writer.append(r);
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }

  @Override
  public void finish() throws IOException {
    writer.flush();
  }
}
