package io.sluice.deploy.drill;

import io.sluice.deploy.status.StreamCount;
import java.util.List;
import java.util.Locale;

/**
 * What the conservation headers say at the end of a drill: the edges' {@code sequence} stamps as
 * the aggregators' {@code sequenceCheck} windows received them, merged over the tier
 * ({@link io.sluice.deploy.status.SequenceMerge}), to set beside the drill's own ledger (written
 * vs landed). The headers count commits into the aggregators' channels; the ledger counts what
 * landed in HDFS. Immutable.
 *
 * @param checked false when the drill could not read every aggregator's windows ({@code why})
 * @param compareDuplicates false for faults that hit HDFS or kill an aggregator: a sink's retry
 *     after a failed write, or a killed aggregator's replay of a batch it had written but not
 *     committed, duplicates events in HDFS after the check, which only the ledger sees
 */
record Conservation(boolean checked, long streams, long distinct, long duplicates, long gaps,
    boolean compareDuplicates, String why) {

  static Conservation notChecked(String why) {
    return new Conservation(false, 0, 0, 0, 0, false, why);
  }

  static Conservation of(List<StreamCount> counts, boolean compareDuplicates) {
    StreamCount t = StreamCount.total(counts);
    if (!t.complete()) {
      return notChecked("an aggregator left runs out of its /sequence answer");
    }
    return new Conservation(true, counts.size(), t.distinct(), t.duplicates(), t.gaps(),
        compareDuplicates, "");
  }

  /** Whether the headers agree with the ledger's {@code missing} and {@code duplicated}. */
  boolean agrees(long missing, long duplicated) {
    return !checked || gaps == missing && (!compareDuplicates || duplicates == duplicated);
  }

  /** The verdict table's rows. */
  String[][] rows(long missing, long duplicated) {
    if (!checked) {
      return new String[][] {{"sequence headers", "not checked"}};
    }
    return new String[][] {
        {"sequence: distinct", String.format(Locale.ROOT, "%,d", distinct)},
        {"sequence: gaps", String.format(Locale.ROOT, "%,d", gaps)},
        {"sequence: duplicates", String.format(Locale.ROOT, "%,d", duplicates)},
        {"sequence vs ledger", agrees(missing, duplicated) ? "agree" : "DISAGREE"}};
  }

  String json(long missing, long duplicated) {
    return checked ? String.format(Locale.ROOT, "{\"streams\": %d, \"distinct\": %d, "
        + "\"duplicates\": %d, \"gaps\": %d, \"duplicatesCompared\": %b, \"agrees\": %b}",
        streams, distinct, duplicates, gaps, compareDuplicates, agrees(missing, duplicated))
        : "null";
  }
}
