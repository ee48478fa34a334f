package io.sluice.core.processing.interceptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.metrics.SequenceStreamWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The windows of a {@code sequenceCheck} with a state directory outlive a kill (the interceptor
 * is dropped without being stopped, as a SIGKILL leaves it) and a clean restart, on real files.
 */
class SequenceJournalTest {
  private static final String CHECK = "INTERCEPTOR.r1.check";
  @TempDir Path dir;

  private final MetricsRegistry metrics = new MetricsRegistry();

  private SequenceCheckInterceptor started() throws IOException {
    SequenceCheckInterceptor c = new SequenceCheckInterceptor(new SequenceCheckInterceptorConfig(
        "sluice.seq", 128, 100, false, Optional.of(dir)), metrics.group(CHECK));
    c.start();
    return c;
  }

  private static List<Event> stamped(String stream, long... numbers) {
    return LongStream.of(numbers).mapToObj(n -> Event.of(Map.of("sluice.seq", stream + ":" + n),
        new byte[0])).collect(Collectors.toList());
  }

  private static long[] range(long from, long to) {
    return LongStream.range(from, to).toArray();
  }

  private static SequenceStreamWindow only(SequenceCheckInterceptor c) {
    List<SequenceStreamWindow> streams = c.streams(10, 1000);
    assertEquals(1, streams.size(), streams.toString());
    return streams.get(0);
  }

  @Test
  void aKilledCheckComesBackWithEveryNumberItCommittedAndCountsNothingTwice() throws Exception {
    SequenceCheckInterceptor first = started();
    first.committed(stamped("edge-1:7", range(0, 100)));
    first.committed(stamped("edge-1:7", range(150, 200)));
    first.committed(stamped("edge-1:7", 180, 181)); // duplicates
    // Killed: never stopped. A new instance reads the journal the first one left.
    SequenceCheckInterceptor second = started();
    SequenceStreamWindow w = only(second);
    assertEquals(199, w.highest());
    assertEquals(2, w.duplicates());
    assertArrayEquals(new long[] {72, 99, 150, 199}, w.runs(), "the window of 128 below 199");
    assertEquals(152, metrics.value(CHECK, "SequenceReceivedCount"), "no arrival counted twice");
    second.committed(stamped("edge-1:7", range(100, 150)));
    assertArrayEquals(new long[] {72, 199}, only(second).runs());
    second.stop();
    assertEquals(List.of(), journalLines(), "a clean stop folds the journal into the snapshot");
    SequenceCheckInterceptor third = started();
    assertArrayEquals(new long[] {72, 199}, only(third).runs());
    assertEquals(2, only(third).duplicates());
  }

  @Test
  void aLineCutByTheKillIsIgnoredAndOddStreamNamesSurvive() throws Exception {
    String odd = "web\t01\\x\n:5";
    SequenceCheckInterceptor first = started();
    first.committed(stamped(odd, 0, 1, 2, 5));
    Path journal = journalFile();
    Files.writeString(journal, "cut\t3-", StandardOpenOption.APPEND);
    SequenceCheckInterceptor second = started();
    SequenceStreamWindow w = only(second);
    assertEquals(odd, w.stream());
    assertArrayEquals(new long[] {0, 2, 5, 5}, w.runs());
  }

  @Test
  void aDamagedSnapshotIsRefusedNamingTheFile() throws Exception {
    started().stop();
    Files.writeString(dir.resolve(SequenceJournal.SNAPSHOT), "sluice-sequence-snapshot 1 2\n");
    IOException e = assertThrows(IOException.class, this::started);
    assertTrue(e.getMessage().contains(SequenceJournal.SNAPSHOT), e.getMessage());
  }

  private Path journalFile() throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".journal")).findFirst()
          .orElseThrow();
    }
  }

  private List<String> journalLines() throws IOException {
    return Files.readAllLines(journalFile(), StandardCharsets.UTF_8);
  }
}
