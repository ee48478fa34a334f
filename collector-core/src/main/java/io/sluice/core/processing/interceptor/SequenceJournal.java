package io.sluice.core.processing.interceptor;

import io.sluice.core.metrics.SequenceStreamWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps a {@link SequenceLedger}'s windows across a restart or a kill of the aggregator, so that
 * numbers it received before are not taken for gaps afterwards: a snapshot of every window
 * ({@code sequence.snapshot}) and a journal of what arrived since ({@code sequence-<g>.journal}, one
 * line per committed batch, written before the sender is acknowledged). A line is appended with
 * one write and no fsync: it survives the process being killed (the page cache keeps it), not the
 * machine stopping. Past {@link #COMPACT_BYTES} and at stop, a new snapshot (written aside, then
 * renamed) replaces the journal; the snapshot names the generation of the journal that follows it,
 * so a journal already folded into it is never replayed twice. Not thread-safe: its owner locks.
 */
final class SequenceJournal implements AutoCloseable {
  static final long COMPACT_BYTES = 4L << 20;
  static final String SNAPSHOT = "sequence.snapshot";
  private static final String HEADER = "sluice-sequence-snapshot 1 ";

  private final Path dir;
  private final SequenceLedger ledger;
  private long generation;
  private FileChannel journal;

  private SequenceJournal(Path dir, SequenceLedger ledger) {
    this.dir = dir;
    this.ledger = ledger;
  }

  /** Loads the saved windows into {@code ledger} and opens the journal for appending. */
  static SequenceJournal open(Path dir, SequenceLedger ledger) throws IOException {
    Files.createDirectories(dir);
    SequenceJournal j = new SequenceJournal(dir, ledger);
    j.load();
    j.compact(); // fold the replayed journal into a fresh snapshot: the next start reads less
    return j;
  }

  /** Appends one committed batch's numbers (stream to numbers, in arrival order). */
  void append(Map<String, List<Long>> batch) {
    StringBuilder line = new StringBuilder();
    batch.forEach((stream, numbers) -> {
      line.append(line.length() == 0 ? "" : "\t").append(SequenceText.escape(stream))
          .append('\t');
      SequenceText.appendNumbers(line, numbers);
    });
    try {
      ByteBuffer b = ByteBuffer.wrap(line.append('\n').toString()
          .getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        journal.write(b);
      }
      if (journal.size() > COMPACT_BYTES) {
        compact();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sequence journal in " + dir, e);
    }
  }

  @Override
  public void close() throws IOException {
    compact();
    journal.close();
  }

  private void load() throws IOException {
    Path snapshot = dir.resolve(SNAPSHOT);
    if (Files.exists(snapshot)) {
      List<String> lines = Files.readAllLines(snapshot, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).startsWith(HEADER)
          || !lines.get(lines.size() - 1).equals("end")) {
        throw new IOException(snapshot + " is not a complete sequence snapshot");
      }
      generation = SequenceText.number(lines.get(0).substring(HEADER.length()), snapshot, 1);
      for (int i = 1; i < lines.size() - 1; i++) {
        ledger.restore(SequenceText.window(lines.get(i), snapshot, i + 1));
      }
    }
    for (long g = generation; Files.exists(journalFile(g)); g++) {
      replay(journalFile(g));
      generation = g;
    }
  }

  /** Replays every complete line; a last line without its newline was cut by a kill. */
  private void replay(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int lineNo = 0;
    for (int start = 0, end; (end = text.indexOf('\n', start)) >= 0; start = end + 1) {
      lineNo++;
      String[] fields = text.substring(start, end).split("\t", -1);
      if (fields.length % 2 != 0) {
        throw new IOException(file + " line " + lineNo + ": not stream and numbers pairs");
      }
      for (int i = 0; i < fields.length; i += 2) {
        String stream = SequenceText.unescape(fields[i]);
        for (long n : SequenceText.numbers(fields[i + 1], file, lineNo)) {
          ledger.replay(stream, n);
        }
      }
    }
  }

  /** A snapshot naming journal {@code g + 1}, then that journal, then the old ones go. */
  private void compact() throws IOException {
    long next = generation + 1;
    StringBuilder b = new StringBuilder(HEADER).append(next).append('\n');
    for (SequenceStreamWindow w : ledger.windows(Integer.MAX_VALUE, Integer.MAX_VALUE)) {
      SequenceText.appendWindow(b, w);
    }
    Path tmp = dir.resolve(SNAPSHOT + ".tmp");
    try (FileChannel f = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(b.append("end\n").toString()
          .getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        f.write(bytes);
      }
      f.force(true); // the snapshot replaces journals: it must be whole before they go
    }
    Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    if (journal != null) {
      journal.close();
    }
    for (Path old : oldJournals(next)) {
      Files.delete(old);
    }
    generation = next;
    journal = FileChannel.open(journalFile(next), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private List<Path> oldJournals(long keepFrom) throws IOException {
    List<Path> out = new ArrayList<>();
    try (var files = Files.list(dir)) {
      files.forEach(p -> {
        String n = p.getFileName().toString();
        if (n.startsWith("sequence-") && n.endsWith(".journal")) {
          String g = n.substring("sequence-".length(), n.length() - ".journal".length());
          if (g.chars().allMatch(Character::isDigit) && !g.isEmpty()
              && Long.parseLong(g) < keepFrom) {
            out.add(p);
          }
        }
      });
    }
    return out;
  }

  private Path journalFile(long g) {
    return dir.resolve("sequence-" + g + ".journal");
  }
}
