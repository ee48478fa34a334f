package io.sluice.it.flume;

import io.sluice.api.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads what a Flume {@code file_roll} sink with {@code sink.serializer = avro_event} wrote: Avro
 * container files of {@code Event {headers, body}} records. A block still being written at the end
 * of a live file is skipped (it is read on the next poll). Stateless.
 */
public final class FlumeEventFiles {
  private FlumeEventFiles() {}

  public static List<Event> read(Path dir) throws IOException {
    List<Event> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      readFile(f, out);
    }
    return out;
  }

  private static void readFile(Path f, List<Event> out) {
    if (f.toFile().length() == 0) {
      return;
    }
    try (DataFileReader<GenericRecord> r =
        new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
      while (r.hasNext()) {
        GenericRecord rec = r.next();
        Map<String, String> headers = new HashMap<>();
        ((Map<?, ?>) rec.get("headers")).forEach((k, v) -> headers.put(k.toString(), v.toString()));
        ByteBuffer body = ((ByteBuffer) rec.get("body")).duplicate();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        out.add(Event.of(headers, bytes));
      }
    } catch (IOException | RuntimeException e) {
      // a live file may end in a half-written block or header: what was complete is kept
    }
  }
}
