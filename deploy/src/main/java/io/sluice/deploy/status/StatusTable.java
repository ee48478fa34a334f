package io.sluice.deploy.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders rows as an aligned text table with a one-line summary. Stateless. */
final class StatusTable {
  private static final String[] HEADER = {"AGENT", "ROLE", "ADDRESS", "STATE", "IN/S", "OUT/S",
      "FILL", "LAG", "ERRORS", "NOTE"};
  /** Columns holding numbers are right-aligned. */
  private static final boolean[] NUMERIC = {false, false, false, false, true, true, true, true,
      true, false};

  private StatusTable() {}

  /** The table; {@code width} cuts each line (the terminal's width), 0 for no limit. */
  static String render(String cluster, List<AgentRow> rows, int width) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    int ready = 0;
    int down = 0;
    for (AgentRow r : rows) {
      ready += r.now().up() && r.now().ready() ? 1 : 0;
      down += r.now().up() ? 0 : 1;
      cells.add(new String[] {r.agent().agent(), r.agent().role().label(), r.agent().address(),
          r.state(), rate(r.inPerSecond()), rate(r.outPerSecond()), percent(r.fill()),
          r.lag().text(), r.now().up() ? Long.toString(r.errors()) : "-", printable(r.note())});
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "cluster %s: %d agent(s), %d ready, %d not ready, %d down%n",
        cluster, rows.size(), ready, rows.size() - ready - down, down));
    return out.append(align(cells, NUMERIC, width)).toString();
  }

  /**
   * {@code cells} (the header first) as aligned lines, columns two spaces apart, the
   * {@code numeric} ones right-aligned; {@code width} cuts each line, 0 for no limit.
   */
  static String align(List<String[]> cells, boolean[] numeric, int width) {
    int[] widths = new int[numeric.length];
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String pad = " ".repeat(widths[i] - row[i].length());
        line.append(numeric[i] ? pad + row[i] : row[i] + (i == row.length - 1 ? "" : pad));
        line.append(i == row.length - 1 ? "" : "  ");
      }
      String text = line.toString().stripTrailing();
      out.append(width > 0 && text.length() > width ? text.substring(0, width) : text)
          .append(System.lineSeparator());
    }
    return out.toString();
  }

  private static String rate(double perSecond) {
    return perSecond < 0 ? "-" : String.format(Locale.ROOT, "%.1f", perSecond);
  }

  private static String percent(double ratio) {
    return ratio < 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", ratio * 100);
  }

  /** Agents' answers reach a terminal: no control characters. */
  private static String printable(String text) {
    return text.chars().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
