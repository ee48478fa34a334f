package io.sluice.aggregator.hdfs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The open file of each bucket, at most {@code hdfs.maxOpenFiles} of them: adding one more evicts
 * the least recently written. Evicted and removed files are returned to the caller, who hands them
 * to the closer. Runner-thread confined; not thread-safe.
 */
final class WriterCache {
  private final int maxOpenFiles;
  private final LinkedHashMap<String, BucketFile> files = new LinkedHashMap<>(16, 0.75f, true);

  WriterCache(int maxOpenFiles) {
    this.maxOpenFiles = maxOpenFiles;
  }

  BucketFile get(String bucket) {
    return files.get(bucket);
  }

  /** Sets a bucket's open file; returns the files evicted to stay within the limit. */
  List<BucketFile> put(String bucket, BucketFile file) {
    files.put(bucket, file);
    List<BucketFile> evicted = new ArrayList<>();
    Iterator<Map.Entry<String, BucketFile>> it = files.entrySet().iterator();
    while (files.size() > maxOpenFiles && it.hasNext()) {
      Map.Entry<String, BucketFile> eldest = it.next();
      if (!eldest.getKey().equals(bucket)) {
        evicted.add(eldest.getValue());
        it.remove();
      }
    }
    return evicted;
  }

  /**
   * Removes and returns the least recently written files until at most {@code n} are left, so the
   * files a batch is about to open fit within {@code hdfs.maxOpenFiles} with those kept open.
   */
  List<BucketFile> trimTo(int n) {
    List<BucketFile> evicted = new ArrayList<>();
    Iterator<BucketFile> it = files.values().iterator();
    while (files.size() > Math.max(0, n) && it.hasNext()) {
      evicted.add(it.next());
      it.remove();
    }
    return evicted;
  }

  BucketFile remove(String bucket) {
    return files.remove(bucket);
  }

  /** Removes and returns the files matching {@code test}. */
  List<BucketFile> removeIf(Predicate<BucketFile> test) {
    List<BucketFile> out = new ArrayList<>();
    files.values().removeIf(f -> {
      if (test.test(f)) {
        out.add(f);
        return true;
      }
      return false;
    });
    return out;
  }

  List<BucketFile> removeAll() {
    return removeIf(f -> true);
  }

  int size() {
    return files.size();
  }
}
