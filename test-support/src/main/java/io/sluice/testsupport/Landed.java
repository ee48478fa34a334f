package io.sluice.testsupport;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Numbered events in (body = the number), lines of files out, and their accounting. */
public final class Landed {
  private Landed() {}

  /** Puts events numbered {@code from} (inclusive) to {@code to} (exclusive), 100 per transaction. */
  public static void put(Channel ch, int from, int to) {
    for (int start = from; start < to; start += 100) {
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        for (int i = start; i < Math.min(to, start + 100); i++) {
          tx.put(Event.of(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        }
        tx.commit();
      }
    }
  }

  /** Every line of every regular file in {@code dirs}, files in name order; none if absent. */
  public static List<String> lines(Path... dirs) {
    List<String> out = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The accounting of events numbered 0..sent-1 across lines. */
  public record Tally(int sent, int missing, int duplicates, List<Integer> someMissing) {
    @Override
    public String toString() {
      return "sent " + sent + ", missing " + missing + " " + someMissing + ", duplicated "
          + duplicates;
    }
  }

  public static Tally tally(int sent, List<String> lines) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (String l : lines) {
      counts.merge(Integer.parseInt(l.trim()), 1, Integer::sum);
    }
    int missing = 0;
    List<Integer> some = new ArrayList<>();
    for (int i = 0; i < sent; i++) {
      if (!counts.containsKey(i)) {
        missing++;
        if (some.size() < 10) {
          some.add(i);
        }
      }
    }
    int dups = counts.values().stream().mapToInt(c -> c - 1).sum();
    return new Tally(sent, missing, dups, some);
  }
}
