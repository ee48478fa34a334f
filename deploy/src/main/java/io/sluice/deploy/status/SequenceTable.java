package io.sluice.deploy.status;

import java.util.ArrayList;
import java.util.List;

/** Renders a tier's merged stream counts ({@link SequenceMerge}) as a text table. Stateless. */
public final class SequenceTable {
  private static final String[] HEADER = {"STREAM", "AGGREGATORS", "CHECKED FROM", "HIGHEST",
      "DISTINCT", "DUPLICATES", "ACROSS", "GAPS"};
  private static final boolean[] NUMERIC = {false, true, true, true, true, true, true, true};

  private SequenceTable() {}

  /** One line per stream and a total line. */
  public static String render(List<StreamCount> counts) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (StreamCount c : counts) {
      cells.add(row(c));
    }
    if (counts.size() > 1) {
      cells.add(row(StreamCount.total(counts)));
    }
    return StatusTable.align(cells, NUMERIC, 0);
  }

  private static String[] row(StreamCount c) {
    String unknown = "?";
    return new String[] {c.stream(), Integer.toString(c.aggregators()),
        c.highest() < 0 ? "" : Long.toString(c.checkedFrom()),
        c.highest() < 0 ? "" : Long.toString(c.highest()),
        c.complete() ? Long.toString(c.distinct()) : unknown,
        c.complete() ? Long.toString(c.duplicates()) : unknown,
        c.complete() ? Long.toString(c.acrossAggregators()) : unknown,
        c.complete() ? Long.toString(c.gaps()) : unknown};
  }
}
