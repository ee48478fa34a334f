package io.sluice.core.serialization;

import io.sluice.api.Event;
import io.sluice.api.serialization.EventSerializer;
import io.sluice.api.serialization.EventSerializerFactory;
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
 * Flume's {@code avro_event} serializer ({@code FlumeEventAvroEventSerializer}) for sinks that take
 * {@link EventSerializerFactory}s ({@code file_roll}): an Avro container file of records
 * {@code Event {map<string> headers; bytes body}} (Flume's schema, no namespace) that Flume's and
 * Avro's readers read. Each {@link EventSerializer#flush()} ends an Avro block, so what a commit
 * forced to disk reads back whole. Immutable.
 *
 * @param codec {@code serializer.compressionCodec}: an Avro codec name ({@code null},
 *     {@code deflate}, {@code snappy}, ...; Flume's default {@code null})
 * @param syncIntervalBytes {@code serializer.syncIntervalBytes} (Flume's default 2048000)
 */
public record AvroEventSerializerFactory(String codec, int syncIntervalBytes)
    implements EventSerializerFactory {
  /** Flume's {@code avro_event} record schema. */
  public static final Schema SCHEMA = SchemaBuilder.record("Event").fields()
      .name("headers").type().map().values().stringType().noDefault()
      .name("body").type().bytesType().noDefault()
      .endRecord();
  public static final String DEFAULT_CODEC = "null";
  public static final int DEFAULT_SYNC_INTERVAL_BYTES = 2048000;

  /** @throws IllegalArgumentException naming the codec when Avro does not know it */
  public AvroEventSerializerFactory {
    try {
      CodecFactory.fromString(codec);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown Avro codec '" + codec + "': " + e.getMessage());
    }
  }

  @Override
  public EventSerializer create(OutputStream out) {
    return new EventSerializer() {
      private final DataFileWriter<GenericRecord> writer =
          new DataFileWriter<GenericRecord>(new GenericDatumWriter<>(SCHEMA))
              .setCodec(CodecFactory.fromString(codec)).setSyncInterval(syncIntervalBytes);

      @Override
      public void afterCreate() throws IOException {
        // The sink forces the stream at each commit; a block need not flush it too.
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
      public void beforeClose() throws IOException {
        writer.flush();
      }
    };
  }
}
