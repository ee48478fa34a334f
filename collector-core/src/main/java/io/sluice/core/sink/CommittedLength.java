package io.sluice.core.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the file a file_roll sink writes was at its last commit, kept in a sidecar
 * ({@code <sink.directory>/.sluice/<sink>.committed}) so that the next start cuts off what a kill
 * left of a batch that never committed (Linux stops a killed {@code write} at a page boundary,
 * mid-event; the channel delivers that batch again to a new file).
 *
 * <p>The length is taken after the serializer's flush and the file's fsync, so the cut leaves the
 * file byte for byte as it was when that batch committed: an event boundary for TEXT and
 * HEADER_AND_TEXT, a block boundary for avro_event (an Avro container has no trailer, so it stays
 * readable), and whatever a Flume serializer's flush leaves; cutting back to the last newline would
 * be right for text only. The record is rewritten in place with no fsync of its own: a killed
 * process cannot lose a completed write (the kernel holds it), so the cost per batch is one small
 * {@code pwrite}. A power loss can lose it, and a stale length would cut committed events, so the
 * record names the boot it was written in and one from another boot (or from a system without a
 * boot id) is never applied. Confined to the sink's {@link RollingFile}, which synchronizes.
 */
final class CommittedLength {
  private static final Logger LOG = LoggerFactory.getLogger(CommittedLength.class);
  private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
  /** Fixed, so a shorter record overwrites a longer one entirely. */
  private static final int RECORD_BYTES = 512;
  private static final String VERSION = "v1";

  private final String sink;
  private final Path sidecar;
  private final String bootId;
  private final ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
  private FileChannel channel;

  CommittedLength(String sink, Path directory) {
    this.sink = sink;
    // a sink's name is any token of the agent's sinks list: keep the record inside .sluice/
    this.sidecar = directory.resolve(".sluice")
        .resolve(sink.replaceAll("[^A-Za-z0-9._-]", "_") + ".committed");
    this.bootId = readBootId();
  }

  /** Records that {@code file} holds {@code length} committed bytes. */
  void record(Path file, long length) throws IOException {
    if (channel == null) {
      Files.createDirectories(sidecar.getParent());
      channel = FileChannel.open(sidecar, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
    String body = bootId + " " + length + " " + file.getFileName();
    byte[] line = (VERSION + " " + crc(body) + " " + body + "\n").getBytes(StandardCharsets.UTF_8);
    if (line.length > RECORD_BYTES) {
      throw new IOException("sink " + sink + ": file name too long for " + sidecar + ": " + file.getFileName());
    }
    record.clear();
    record.put(line);
    while (record.hasRemaining()) {
      record.put((byte) ' ');
    }
    record.flip();
    long at = 0;
    while (record.hasRemaining()) {
      at += channel.write(record, at);
    }
  }

  /**
   * At start, before the first write: cuts the file the last record names back to its committed
   * length (and deletes it when nothing of it was committed).
   */
  void recover(Path directory) throws IOException {
    String text;
    try {
      text = new String(Files.readAllBytes(sidecar), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return;
    }
    String[] f = text.substring(0, Math.max(0, text.indexOf('\n'))).split(" ", 5);
    if (f.length != 5 || !f[0].equals(VERSION) || !f[1].equals(crc(f[2] + " " + f[3] + " " + f[4]))) {
      LOG.warn("Sink {}: ignoring {}: not a record this version wrote; the last file of the previous run is"
          + " left as it is", sink, sidecar);
      return;
    }
    Path file = directory.resolve(f[4]);
    if (!f[2].equals(bootId) || bootId.equals("-")) {
      LOG.info("Sink {}: {} was last written before a reboot; its end is left as it is (a power loss may have"
          + " lost the record of its last commit)", sink, file);
      return;
    }
    long committed = Long.parseLong(f[3]);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size <= committed) {
        return;
      }
      ch.truncate(committed);
      ch.force(true);
      LOG.warn("Sink {}: cut the last {} bytes of {}: the previous run was stopped while writing a batch it"
          + " had not committed, which the channel delivers again", sink, size - committed, file);
    } catch (NoSuchFileException e) {
      return;
    }
    if (committed == 0) {
      Files.deleteIfExists(file);
    }
  }

  void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing to recover: the descriptor is released either way, and every record was written.
      }
      channel = null;
    }
  }

  private static String crc(String body) {
    CRC32C c = new CRC32C();
    c.update(body.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(c.getValue());
  }

  /** This boot's id, or "-" where the system has none (then no record is ever applied). */
  private static String readBootId() {
    try {
      String id = Files.readString(BOOT_ID).trim();
      return id.isEmpty() || id.contains(" ") ? "-" : id;
    } catch (IOException e) {
      return "-";
    }
  }
}
