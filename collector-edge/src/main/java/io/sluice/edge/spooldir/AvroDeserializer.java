package io.sluice.edge.spooldir;

import io.sluice.api.Event;
import io.sluice.edge.spooldir.DeserializerConfig.SchemaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * One event per record of an Avro data file (Flume's AvroEventDeserializer): the body is the
 * record's binary encoding, and a header carries the writer schema, as its 64-bit CRC fingerprint
 * in hex ({@code flume.avro.schema.hash}, the default) or as JSON ({@code flume.avro.schema.literal}).
 * The position is the block's sync point plus the records already delivered from that block, so a
 * resume repeats none of them (Flume resumes at the block start and repeats them).
 */
final class AvroDeserializer implements SpoolDeserializer {
  static final String HASH_HEADER = "flume.avro.schema.hash";
  static final String LITERAL_HEADER = "flume.avro.schema.literal";

  private final DataFileReader<Object> reader;
  private final GenericDatumWriter<Object> writer;
  private final String headerName;
  private final String headerValue;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;
  private Object reuse;
  private long block;
  private long inBlock;

  AvroDeserializer(FileChannel channel, long limit, SpoolPosition start, SchemaType schemaType)
      throws IOException {
    try {
      reader = open(channel, limit);
      Schema schema = reader.getSchema();
      writer = new GenericDatumWriter<>(schema);
      headerName = schemaType == SchemaType.LITERAL ? LITERAL_HEADER : HASH_HEADER;
      headerValue = schemaType == SchemaType.LITERAL ? schema.toString()
          : schemaHash(schema);
      if (start.offset() > 0) {
        reader.seek(start.offset());
        block = start.offset();
        for (long i = 0; i < start.skip(); i++) {
          reader.next();
        }
        inBlock = start.skip();
      }
    } catch (RuntimeException e) {
      // Corrupt data makes Avro throw anything (index and size errors, not only its own exception).
      throw new DecodeFailure("not a readable Avro data file: " + e);
    }
  }

  private static DataFileReader<Object> open(FileChannel channel, long limit) throws DecodeFailure {
    try {
      return new DataFileReader<>(new Input(channel, limit), new GenericDatumReader<>());
    } catch (IOException | RuntimeException e) {
      // A missing magic or header: the file is not what the deserializer was told to expect.
      throw new DecodeFailure("not an Avro data file (" + e.getMessage() + ")");
    }
  }

  /** Flume's header value: the schema's CRC-64-AVRO parsing fingerprint, little-endian bytes in hex. */
  static String schemaHash(Schema schema) {
    try {
      return HexFormat.of().formatHex(SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Avro always provides CRC-64-AVRO", e);
    }
  }

  @Override
  public Event next() throws IOException {
    try {
      if (!reader.hasNext()) {
        return null;
      }
      long sync = reader.previousSync();
      reuse = reader.next(reuse);
      if (sync != block) {
        block = sync;
        inBlock = 0;
      }
      inBlock++;
    } catch (RuntimeException e) {
      // A corrupt record can fail as any runtime exception; each must set the file aside, not stall it.
      throw new DecodeFailure("bad Avro data after offset " + block + ": " + e);
    }
    out.reset();
    encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
    writer.write(reuse, encoder);
    encoder.flush();
    Map<String, String> headers = new HashMap<>();
    headers.put(headerName, headerValue);
    return Event.of(headers, out.toByteArray());
  }

  @Override
  public SpoolPosition position() {
    return new SpoolPosition(block, inBlock);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** Avro's random access over our channel, ending at the size the file had at pickup. */
  private static final class Input implements SeekableInput {
    private final FileChannel channel;
    private final long limit;
    private long pos;

    Input(FileChannel channel, long limit) {
      this.channel = channel;
      this.limit = limit;
    }

    @Override
    public void seek(long p) {
      pos = p;
    }

    @Override
    public long tell() {
      return pos;
    }

    @Override
    public long length() {
      return limit;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      long left = limit - pos;
      if (left <= 0) {
        return -1;
      }
      int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), pos);
      if (n > 0) {
        pos += n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
