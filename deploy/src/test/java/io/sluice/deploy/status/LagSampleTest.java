package io.sluice.deploy.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The LAG column's reading of a {@code /prometheus} text exposition. */
class LagSampleTest {
  /** Delivery-age buckets of two sinks (k1, k2) and a commit-stage bucket the column ignores. */
  private static String ages(long k1Fast, long k1Slow, long k2Fast, long k2Beyond) {
    return """
        # HELP sluice_event_age_seconds Now minus the event's timestamp header
        # TYPE sluice_event_age_seconds histogram
        sluice_event_age_seconds_bucket{agent="a",component="k1",stage="delivery",le="0.1"} %1$d
        sluice_event_age_seconds_bucket{agent="a",component="k1",stage="delivery",le="2.5"} %2$d
        sluice_event_age_seconds_bucket{agent="a",component="k1",stage="delivery",le="+Inf"} %2$d
        sluice_event_age_seconds_bucket{agent="a",component="k2,\\"x\\"",stage="delivery",le="0.1"} %3$d
        sluice_event_age_seconds_bucket{agent="a",component="k2,\\"x\\"",stage="delivery",le="2.5"} %3$d
        sluice_event_age_seconds_bucket{agent="a",component="k2,\\"x\\"",stage="delivery",le="+Inf"} %4$d
        sluice_event_age_seconds_bucket{agent="a",component="r1",stage="commit",le="0.1"} 0
        sluice_event_age_seconds_bucket{agent="a",component="r1",stage="commit",le="+Inf"} 1000000
        """.formatted(k1Fast, k1Fast + k1Slow, k2Fast, k2Fast + k2Beyond);
  }

  @Test
  void p99IsTheBoundOfItsBucketSummedOverSinks() {
    // 990 fast of 1,000: the 990th is in the first bucket; 989 fast puts the p99 in the next.
    assertEquals("100ms", LagSample.parse(ages(500, 0, 490, 0) + ages(0, 10, 0, 0)
        .replace("k1", "k3").replace("k2", "k4")).since(null).text());
    assertEquals("2.5s", LagSample.parse(ages(500, 11, 489, 0)).since(null).text());
    assertEquals(">2.5s", LagSample.parse(ages(900, 0, 0, 100)).since(null).text());
  }

  @Test
  void onlyAgesSinceTheEarlierSampleCount() {
    LagSample before = LagSample.parse(ages(0, 1000, 0, 0));
    assertEquals("2.5s", LagSample.parse(ages(100, 1000, 0, 0)).since(null).text());
    assertEquals("100ms", LagSample.parse(ages(100, 1000, 0, 0)).since(before).text());
    // A restart set the counters back: everything the new sample holds counts.
    assertEquals("2.5s", before.since(LagSample.parse(ages(0, 2000, 0, 0))).text());
  }

  @Test
  void withoutDeliveryAgesTheOldestUnreadFileDataIsTheLag() {
    String taildir = """
        sluice_source_oldest_unread_age_seconds{agent="a",component="r1"} 42.0
        sluice_source_oldest_unread_age_seconds{agent="a",component="r2"} 7200.0
        """;
    assertEquals("2h", LagSample.parse(taildir).since(null).text());
    assertEquals("2h", LagSample.parse(ages(0, 0, 0, 0) + taildir).since(null).text());
    LagSample before = LagSample.parse(ages(10, 0, 0, 0) + taildir);
    assertEquals("2h", LagSample.parse(ages(10, 0, 0, 0) + taildir).since(before).text(),
        "no delivery in between");
  }

  @Test
  void unknownWithoutEitherIsADash() {
    assertEquals("-", LagSample.NONE.since(null).text());
    assertEquals("-", LagSample.parse("sluice_sink_sent_events_total{agent=\"a\"} 5\n"
        + "garbage{{ line\nsluice_event_age_seconds_bucket{stage=\"delivery\",le=\"x\"} 1\n")
        .since(null).text());
  }

  @Test
  void lagIsShownInItsUnit() {
    assertEquals("5ms", new Lag(0.005, false).text());
    assertEquals("30s", new Lag(30, false).text());
    assertEquals("5m", new Lag(300, false).text());
    assertEquals(">1d", new Lag(86400, true).text());
  }
}
