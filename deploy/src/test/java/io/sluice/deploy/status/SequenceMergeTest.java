package io.sluice.deploy.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tier-wide union of aggregators' windows: distinct, duplicates across them, and gaps. */
class SequenceMergeTest {

  private static StreamWindow w(String agent, String stream, long from, long highest,
      long duplicates, long... runs) {
    return new StreamWindow(agent, stream, from, highest, duplicates, runs);
  }

  @Test
  void batchesSplitOverTwoAggregatorsLeaveNoGapAndNoDuplicate() {
    StreamCount c = SequenceMerge.merge(List.of(
        w("agg1", "edge-1:7", 0, 899, 0, 0, 99, 200, 299, 500, 899),
        w("agg2", "edge-1:7", 0, 499, 0, 100, 199, 300, 499))).get(0);
    assertEquals(new StreamCount("edge-1:7", 2, 0, 899, 900, 0, 0, 0, true), c);
    assertEquals("edge-1", c.origin());
  }

  @Test
  void aBatchBothAggregatorsCommittedIsADuplicateAcrossThemAndAHoleIsAGap() {
    // agg1 committed 100..199 but was killed before acknowledging; the edge resent it to agg2.
    // Nobody received 350..359. agg2 also saw 5 numbers twice itself.
    StreamCount c = SequenceMerge.merge(List.of(
        w("agg1", "edge-1:7", 0, 199, 0, 0, 199),
        w("agg2", "edge-1:7", 0, 499, 5, 100, 349, 360, 499))).get(0);
    assertEquals(490, c.distinct());
    assertEquals(100, c.acrossAggregators());
    assertEquals(105, c.duplicates());
    assertEquals(10, c.gaps());
  }

  @Test
  void onlyNumbersEveryWindowStillCoversAreCheckedAndStreamsStayApart() {
    List<StreamCount> counts = SequenceMerge.merge(List.of(
        w("agg1", "a:1", 1000, 1999, 0, 1000, 1999),
        w("agg2", "a:1", 0, 700, 0, 0, 700),
        w("agg2", "a:2", 0, 9, 0, 0, 4, 6, 9)));
    assertEquals(new StreamCount("a:1", 2, 1000, 1999, 1000, 0, 0, 0, true), counts.get(0));
    assertEquals(new StreamCount("a:2", 1, 0, 9, 9, 0, 0, 1, true), counts.get(1));
    StreamCount total = StreamCount.total(counts);
    assertEquals(1009, total.distinct());
    assertEquals(1, total.gaps());
  }

  @Test
  void runsLeftOutMakeTheStreamIncompleteRatherThanFullOfGaps() {
    StreamCount c = SequenceMerge.merge(List.of(w("agg1", "a:1", 0, 99, 0, 0, 99),
        new StreamWindow("agg2", "a:1", 0, 199, 0, null))).get(0);
    assertFalse(c.complete());
    assertEquals(0, c.gaps());
    assertTrue(SequenceTable.render(List.of(c)).contains("?"));
  }

  @Test
  void readsTheAnswerOfSlashSequence() throws Exception {
    SequenceProbe.Answer a = SequenceProbe.parse(new ObjectMapper().readTree("""
        {"agent":"agg1","checks":[{"component":"INTERCEPTOR.r1.check","window":65536,
        "evicted":0,"streams":[{"stream":"edge-1:7","from":0,"highest":9,"duplicates":2,
        "late":0,"runs":[0,4,6,9]},{"stream":"b:1","from":0,"highest":3,"duplicates":0,
        "late":0,"runs":null}]}],"complete":false}"""));
    assertFalse(a.complete());
    assertEquals(2, a.windows().size());
    StreamWindow first = a.windows().get(0);
    assertEquals("agg1", first.agent());
    assertEquals(2, first.duplicates());
    assertEquals(List.of(0L, 4L, 6L, 9L), java.util.Arrays.stream(first.runs()).boxed().toList());
    assertEquals(null, a.windows().get(1).runs());
  }
}
