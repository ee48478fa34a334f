package io.sluice.edge.taildir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Positions committed since the last save of the position file, one JSON line per committed batch
 * in {@code <positionFile>.journal}. A line is one {@code write} with no fsync: a killed process
 * cannot lose it (it is in the kernel's page cache), so after a SIGKILL at most the batch in flight
 * is read again, instead of everything since the last save. A power loss can lose the tail, which
 * leaves the last (synced) position file. Emptied after every save. Owned by the source's thread.
 */
final class PositionJournal implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path path;
  private FileChannel out;

  PositionJournal(Path positionFile) {
    this.path = positionFile.resolveSibling(positionFile.getFileName() + ".journal");
  }

  /** The saved entries with the journal's later positions applied (the larger position wins). */
  List<PositionFile.Entry> replay(List<PositionFile.Entry> saved) throws IOException {
    List<PositionFile.Entry> merged = new ArrayList<>(saved);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return merged;
    }
    // Decoded leniently: a torn last line (after a power loss) must not hide the others.
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      PositionFile.Entry e = parse(line);
      if (e != null) {
        apply(merged, e);
      }
    }
    return merged;
  }

  private static void apply(List<PositionFile.Entry> entries, PositionFile.Entry e) {
    for (int i = 0; i < entries.size(); i++) {
      PositionFile.Entry s = entries.get(i);
      boolean same = s.inode() == e.inode()
          && (s.dev() != null ? s.dev().equals(e.dev()) : s.file().equals(e.file()));
      if (same) {
        if (e.pos() > s.pos()) {
          entries.set(i, e);
        }
        return;
      }
    }
    entries.add(e);
  }

  /** A torn or foreign line (after a power loss) is skipped. */
  private static PositionFile.Entry parse(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.hasNonNull("dev") || !n.hasNonNull("inode") || !n.hasNonNull("pos")) {
        return null;
      }
      return new PositionFile.Entry(n.get("inode").asLong(), n.get("pos").asLong(), n.path("file").asText(),
          n.get("dev").asLong(), fingerprint(n.path("head")), fingerprint(n.path("marker")));
    } catch (IOException e) {
      return null;
    }
  }

  private static Fingerprint fingerprint(JsonNode n) {
    if (!n.isArray() || n.size() != 3) {
      return null;
    }
    return new Fingerprint(n.get(0).asLong(), n.get(1).asInt(), n.get(2).asLong());
  }

  /** Records one file's committed position. */
  void append(PositionFile.Entry e) throws IOException {
    if (out == null) {
      Files.createDirectories(path.toAbsolutePath().getParent());
      out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    ObjectNode n = JSON.createObjectNode().put("dev", e.dev()).put("inode", e.inode()).put("pos", e.pos())
        .put("file", e.file());
    n.putArray("head").add(e.head().offset()).add(e.head().length()).add(e.head().crc());
    n.putArray("marker").add(e.marker().offset()).add(e.marker().length()).add(e.marker().crc());
    ByteBuffer buf = ByteBuffer.wrap((JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }

  /** Empties the journal once the position file holds everything it recorded. */
  void reset() throws IOException {
    if (out != null) {
      out.truncate(0);
    } else {
      Files.deleteIfExists(path);
    }
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // Nothing to recover: the records were written.
      }
      out = null;
    }
  }
}
