package io.sluice.edge.spooldir;

import io.sluice.api.Event;
import io.sluice.api.serialization.DeserializerInput;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The file being read: its path, its identity at pickup, and a deserializer positioned at the next
 * uncommitted event. Reads stop at the size the file had at pickup. Runner-thread confined.
 */
final class SpoolFile implements Closeable {
  private final Path path;
  private final FileIdentity identity;
  private final FileHeaders headers;
  private final SpoolDeserializer deserializer;

  private SpoolFile(Path path, FileIdentity identity, FileHeaders headers, SpoolDeserializer deserializer) {
    this.path = path;
    this.identity = identity;
    this.headers = headers;
    this.deserializer = deserializer;
  }

  /** Opens {@code path}, whose identity at pickup is {@code identity}, to read from {@code start}. */
  static SpoolFile open(Path path, FileIdentity identity, SpoolPosition start, SpoolDirectorySourceConfig config,
      LineDeserializer.TruncationListener truncations) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      DeserializerConfig d = config.deserializer();
      SpoolDeserializer des = switch (d.type()) {
        case LINE -> new LineDeserializer(new FileInput(channel, start.offset(), identity.size()),
            config.inputCharset(), config.decodeErrorPolicy(), d, truncations);
        case BLOB -> new BlobDeserializer(new FileInput(channel, start.offset(), identity.size()), d.maxBlobLength());
        case AVRO -> new AvroDeserializer(channel, identity.size(), start, d.schemaType());
        case PLUGIN -> PluginDeserializer.open(d.plugin(), new DeserializerInput(channel, start.offset(),
            identity.size(), config.inputCharset(), config.decodeErrorPolicy().action()));
      };
      return new SpoolFile(path, identity, config.headers(), des);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  FileIdentity identity() {
    return identity;
  }

  /** What changed on disk since pickup, or null if the file is as it was. */
  String change() throws IOException {
    return identity.changeTo(FileIdentity.of(path));
  }

  /**
   * Up to {@code max} events. A read failure ends the batch early and travels with it, so the
   * events before the bad spot are still delivered.
   */
  Batch read(int max) {
    List<Event> events = new ArrayList<>(Math.min(max, 1024));
    IOException failure = null;
    while (events.size() < max) {
      Event e;
      try {
        e = deserializer.next();
      } catch (IOException ex) {
        failure = ex;
        break;
      }
      if (e == null) {
        break;
      }
      headers.addTo(e.getHeaders(), path);
      events.add(e);
    }
    return new Batch(events, deserializer.position(), failure);
  }

  @Override
  public void close() throws IOException {
    deserializer.close();
  }
}
