package io.sluice.deploy.status;

import java.util.List;

/**
 * What a whole tier received of one stream ({@code <origin>:<epoch>}), from the union of its
 * aggregators' windows ({@link SequenceMerge}). Exact for the numbers from {@code checkedFrom} to
 * {@code highest}, which every aggregator's window still covers; numbers stamped above the highest
 * any aggregator received cannot be seen here. Immutable.
 *
 * @param aggregators how many aggregators received some of it
 * @param distinct numbers received at least once, in the checked range
 * @param duplicates extra copies: those one aggregator saw again plus numbers received by more
 *     than one aggregator
 * @param acrossAggregators the second part of {@code duplicates}
 * @param gaps numbers in the checked range nobody received
 * @param complete false when an aggregator left its runs out (its answer was too big): then only
 *     {@code highest} is known
 */
public record StreamCount(String stream, int aggregators, long checkedFrom, long highest,
    long distinct, long duplicates, long acrossAggregators, long gaps, boolean complete) {

  /** The origin: the stream without its epoch. */
  public String origin() {
    int colon = stream.lastIndexOf(':');
    return colon < 0 ? stream : stream.substring(0, colon);
  }

  /** The sums over {@code counts} (stream "total"); complete only when each is. */
  public static StreamCount total(List<StreamCount> counts) {
    long distinct = 0;
    long duplicates = 0;
    long across = 0;
    long gaps = 0;
    boolean complete = true;
    for (StreamCount c : counts) {
      distinct += c.distinct;
      duplicates += c.duplicates;
      across += c.acrossAggregators;
      gaps += c.gaps;
      complete &= c.complete;
    }
    return new StreamCount("total", counts.stream().mapToInt(StreamCount::aggregators).max()
        .orElse(0), 0, -1, distinct, duplicates, across, gaps, complete);
  }
}
