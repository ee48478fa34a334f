package io.sluice.edge.taildir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The saved read positions. {@code positionFile} keeps Flume 1.11's format exactly (a JSON array of
 * {@code {"inode","pos","file"}}, nothing else, since Flume refuses unknown keys), so a host can go
 * from Flume to Sluice and back. What only Sluice needs (device, head and marker checksums) goes in
 * a sidecar, {@code <positionFile>.sluice}. Both are written atomically (temporary file, fsync,
 * rename, fsync of the directory), sidecar first, and only when their content changed.
 */
final class PositionFile {
  static final String SIDECAR_FORMAT = "sluice-taildir/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One file's saved state; {@code dev}, {@code head} and {@code marker} are null from Flume's file. */
  record Entry(long inode, long pos, String file, Long dev, Fingerprint head, Fingerprint marker) {
    boolean fromSidecar() {
      return dev != null;
    }
  }

  private final Path path;
  private final Path sidecar;
  private String lastFlume;
  private String lastSidecar;

  PositionFile(Path path) {
    this.path = path;
    this.sidecar = path.resolveSibling(path.getFileName() + ".sluice");
  }

  Path path() {
    return path;
  }

  /**
   * The saved entries, sidecar details joined by inode and file. A missing file means no
   * positions; a file that cannot be parsed throws, naming it (the caller decides what to do).
   */
  List<Entry> load() throws IOException {
    Map<String, Entry> details = readSidecar();
    List<Entry> flume;
    try {
      flume = readFlume();
    } catch (IOException e) {
      if (details.isEmpty()) {
        throw e;
      }
      // The sidecar holds the same positions (written just before), so it stands in.
      return List.copyOf(details.values());
    }
    List<Entry> out = new ArrayList<>();
    for (Entry e : flume) {
      Entry d = details.get(e.inode() + "\u0000" + e.file());
      // Flume's file holds the position of record. Logs only grow, so a marker taken at or before
      // that position still checks it, even if the sidecar was written at another moment.
      boolean markerFits = d != null && d.marker() != null
          && d.marker().offset() + d.marker().length() <= e.pos();
      out.add(d == null ? e : new Entry(e.inode(), e.pos(), e.file(), d.dev(), d.head(),
          markerFits ? d.marker() : null));
    }
    return out;
  }

  private List<Entry> readFlume() throws IOException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    lastFlume = text;
    if (text.isBlank()) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    try {
      JsonNode root = JSON.readTree(text);
      if (!root.isArray()) {
        throw new IOException("position file " + path + " is not a JSON array");
      }
      for (JsonNode n : root) {
        if (!n.hasNonNull("inode") || !n.hasNonNull("pos") || !n.hasNonNull("file")) {
          throw new IOException("position file " + path + " has an entry without inode, pos or file: " + n);
        }
        out.add(new Entry(n.get("inode").asLong(), n.get("pos").asLong(), n.get("file").asText(), null, null, null));
      }
    } catch (JsonProcessingException e) {
      throw new IOException("position file " + path + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    return out;
  }

  private Map<String, Entry> readSidecar() {
    Map<String, Entry> out = new TreeMap<>();
    try {
      String text = Files.readString(sidecar, StandardCharsets.UTF_8);
      lastSidecar = text;
      JsonNode root = JSON.readTree(text);
      if (!SIDECAR_FORMAT.equals(root.path("format").asText())) {
        return out;
      }
      for (JsonNode n : root.path("files")) {
        Entry e = new Entry(n.path("inode").asLong(), n.path("pos").asLong(), n.path("file").asText(),
            n.path("dev").asLong(), fingerprint(n.path("head")), fingerprint(n.path("marker")));
        out.put(e.inode() + "\u0000" + e.file(), e);
      }
    } catch (IOException e) {
      // The sidecar only adds checks; without it positions are resumed as Flume would.
      return out;
    }
    return out;
  }

  private static Fingerprint fingerprint(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    return new Fingerprint(n.path("offset").asLong(), n.path("length").asInt(), n.path("crc32c").asLong());
  }

  /** Saves the entries; writes nothing when they are what was last written. */
  void save(List<Entry> entries) throws IOException {
    ArrayNode flume = JSON.createArrayNode();
    ArrayNode files = JSON.createArrayNode();
    for (Entry e : entries) {
      // Flume's order of keys, and only its keys.
      flume.addObject().put("inode", e.inode()).put("pos", e.pos()).put("file", e.file());
      ObjectNode d = files.addObject().put("dev", e.dev() == null ? 0 : e.dev()).put("inode", e.inode())
          .put("pos", e.pos()).put("file", e.file());
      put(d, "head", e.head());
      put(d, "marker", e.marker());
    }
    String flumeText = JSON.writeValueAsString(flume);
    ObjectNode root = JSON.createObjectNode().put("format", SIDECAR_FORMAT);
    root.set("files", files);
    String sidecarText = JSON.writeValueAsString(root);
    if (!sidecarText.equals(lastSidecar)) {
      writeAtomically(sidecar, sidecarText);
      lastSidecar = sidecarText;
    }
    if (!flumeText.equals(lastFlume)) {
      writeAtomically(path, flumeText);
      lastFlume = flumeText;
    }
  }

  private static void put(ObjectNode parent, String name, Fingerprint f) {
    if (f != null) {
      parent.putObject(name).put("offset", f.offset()).put("length", f.length()).put("crc32c", f.crc());
    }
  }

  private static void writeAtomically(Path target, String text) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    // The rename is durable only once the directory is synced.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems refuse to sync a directory; the rename still happened.
    }
  }
}
