package io.sluice.edge.taildir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Positions committed since the last save of the position file, one JSON line per committed batch
 * in {@code <positionFile>.journal}. A line is one {@code write} with no fsync: a killed process
 * cannot lose it (it is in the kernel's page cache), so after a SIGKILL at most the batch in flight
 * is read again, instead of everything since the last save. A power loss can lose the tail, which
 * leaves the last (synced) position file. Emptied after every save. Owned by the source's thread.
 */
final class PositionJournal implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final Path path;
  private final StringBuilder record = new StringBuilder(256);
  /**
   * Each file's record text but its position and marker (device, inode, escaped name, head), which
   * change only at a rotation: a busy source writes thousands of records a second, and formatting
   * their numbers was most of the journal's cost. Emptied with the journal, so it holds only recent
   * files.
   */
  private final Map<String, Fixed> fixed = new HashMap<>();

  private record Fixed(long dev, long inode, Fingerprint head, String text) {}
  private byte[] bytes = new byte[256];
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
    add(e);
    flush();
  }

  /**
   * Encodes one record into the pending buffer ({@link #flush} writes it). Written by hand, not
   * through a JSON tree: the source does this for every committed batch. ASCII only (other
   * characters as {@code \\uXXXX}), so {@link #parse} reads it as JSON.
   */
  void add(PositionFile.Entry e) {
    Fixed x = fixed.get(e.file());
    long dev = e.dev().longValue();
    if (x == null || x.dev() != dev || x.inode() != e.inode() || !x.head().equals(e.head())) {
      StringBuilder t = new StringBuilder(128);
      t.append("{\"dev\":").append(dev).append(",\"inode\":").append(e.inode()).append(",\"file\":\"")
          .append(escape(e.file())).append('"');
      fingerprint(t, "head", e.head());
      x = new Fixed(dev, e.inode(), e.head(), t.toString());
      fixed.put(e.file(), x);
    }
    StringBuilder b = record;
    b.append(x.text()).append(",\"pos\":").append(e.pos());
    fingerprint(b, "marker", e.marker());
    b.append("}\n");
  }

  /** A file name as the inside of a JSON string, in ASCII. */
  private static String escape(String file) {
    StringBuilder b = new StringBuilder(file.length() + 8);
    for (int i = 0; i < file.length(); i++) {
      char c = file.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15])
            .append(HEX[c & 15]);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static void fingerprint(StringBuilder b, String name, Fingerprint f) {
    b.append(",\"").append(name).append("\":[").append(f.offset()).append(',').append(f.length()).append(',')
        .append(f.crc()).append(']');
  }

  /** Writes the records added since the last flush, in one {@code write}. */
  void flush() throws IOException {
    int n = record.length();
    if (n == 0) {
      return;
    }
    try {
      if (out == null) {
        Files.createDirectories(path.toAbsolutePath().getParent());
        out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      }
      if (bytes.length < n) {
        bytes = new byte[Math.max(n, bytes.length * 2)];
      }
      for (int i = 0; i < n; i++) {
        bytes[i] = (byte) record.charAt(i);
      }
      ByteBuffer buf = ByteBuffer.wrap(bytes, 0, n);
      while (buf.hasRemaining()) {
        out.write(buf);
      }
    } finally {
      // A record that could not be written is not retried: the next save covers it.
      record.setLength(0);
    }
  }

  /** Empties the journal once the position file holds everything it recorded. */
  void reset() throws IOException {
    record.setLength(0);
    fixed.clear();
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
