package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch that was written and flushed to its files but whose channel commit then failed, held
 * until the sink's next take tells whether the commit took effect. A channel that rolled the take
 * back hands the same events out again, first; only then is it certain that the first copy is
 * surplus, and it is cut from the files (back to their length before the batch) once the second
 * copy is committed. Anything else (the channel refuses takes after a failed sync, another sink
 * took the events, a commit that failed half-way did take effect) keeps the first copy: written
 * twice at worst, never lost. Confined to the sink's thread.
 */
final class FailedCommit {
  private final List<Event> events;
  private final List<BucketFile> files;

  FailedCommit(List<Event> events, List<BucketFile> files) {
    this.events = List.copyOf(events);
    this.files = List.copyOf(files);
  }

  /**
   * The failed commit of {@code again}'s first events, whose files hold their first copy, merged
   * with this one: when {@code again} came back too, both copies before it are surplus.
   */
  FailedCommit plus(List<Event> again, List<BucketFile> moreFiles) {
    List<BucketFile> all = new ArrayList<>(files);
    all.addAll(moreFiles);
    return new FailedCommit(again, all);
  }

  /** Whether {@code batch} begins with this batch's events, in order: the channel gave them back. */
  boolean cameBackIn(List<Event> batch) {
    if (batch.size() < events.size()) {
      return false;
    }
    for (int i = 0; i < events.size(); i++) {
      Event a = events.get(i);
      Event b = batch.get(i);
      if (!a.getHeaders().equals(b.getHeaders()) || !Arrays.equals(a.getBody(), b.getBody())) {
        return false;
      }
    }
    return true;
  }

  int eventCount() {
    return events.size();
  }

  /** The files holding the first copy; each knows its length before the batch. */
  List<BucketFile> files() {
    return files;
  }
}
