package io.sluice.core.processing.interceptor;

import io.sluice.core.metrics.SequenceStreamWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of {@link SequenceJournal}'s files: a stream name with tab, newline, carriage return
 * and backslash escaped; numbers as runs, {@code 3-7,9,12-40}; a snapshot line
 * {@code stream<TAB>highest<TAB>duplicates<TAB>late<TAB>runs}. Stateless.
 */
final class SequenceText {
  private SequenceText() {}

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(++i);
        b.append(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code numbers} in their order, consecutive ones as one run. */
  static void appendNumbers(StringBuilder b, List<Long> numbers) {
    for (int i = 0; i < numbers.size(); ) {
      long first = numbers.get(i);
      int j = i;
      while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
        j++;
      }
      b.append(i == 0 ? "" : ",").append(first);
      if (j > i) {
        b.append('-').append(numbers.get(j));
      }
      i = j + 1;
    }
  }

  /** Runs as flat pairs, {@code [first, last, ...]}, written as {@link #appendNumbers} does. */
  static void appendRuns(StringBuilder b, long[] runs) {
    for (int i = 0; i + 1 < runs.length; i += 2) {
      b.append(i == 0 ? "" : ",").append(runs[i]);
      if (runs[i + 1] > runs[i]) {
        b.append('-').append(runs[i + 1]);
      }
    }
  }

  /** The runs of {@code text} as flat pairs. */
  static long[] runs(String text, Path file, int line) throws IOException {
    if (text.isEmpty()) {
      return new long[0];
    }
    String[] parts = text.split(",");
    long[] out = new long[parts.length * 2];
    for (int i = 0; i < parts.length; i++) {
      int dash = parts[i].indexOf('-', 1);
      out[2 * i] = number(dash < 0 ? parts[i] : parts[i].substring(0, dash), file, line);
      out[2 * i + 1] = dash < 0 ? out[2 * i] : number(parts[i].substring(dash + 1), file, line);
      if (out[2 * i + 1] < out[2 * i]) {
        throw new IOException(file + " line " + line + ": run '" + parts[i] + "' goes down");
      }
    }
    return out;
  }

  /** Every number of the runs of {@code text}, in order. */
  static List<Long> numbers(String text, Path file, int line) throws IOException {
    long[] runs = runs(text, file, line);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < runs.length; i += 2) {
      for (long n = runs[i]; n <= runs[i + 1]; n++) {
        out.add(n);
      }
    }
    return out;
  }

  static long number(String text, Path file, int line) throws IOException {
    try {
      long n = Long.parseLong(text.trim());
      if (n >= -1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException(file + " line " + line + ": '" + text + "' is not a sequence number");
  }

  static void appendWindow(StringBuilder b, SequenceStreamWindow w) {
    b.append(escape(w.stream())).append('\t').append(w.highest()).append('\t')
        .append(w.duplicates()).append('\t').append(w.late()).append('\t');
    appendRuns(b, w.runs());
    b.append('\n');
  }

  static SequenceStreamWindow window(String text, Path file, int line) throws IOException {
    String[] f = text.split("\t", -1);
    if (f.length != 5) {
      throw new IOException(file + " line " + line + ": not a stream's window");
    }
    long highest = number(f[1], file, line);
    return new SequenceStreamWindow(unescape(f[0]), 0, highest, number(f[2], file, line),
        number(f[3], file, line), runs(f[4], file, line));
  }
}
