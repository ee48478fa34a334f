package io.sluice.edge.taildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The followed files' head checksums by directory, length and CRC, so that a new file is compared
 * with all of them by one open and one read per distinct head length, not one per followed file
 * (a directory that gains 1,000 files at once would otherwise cost a million opens). Built for one
 * scan by the source's thread.
 */
final class HeadIndex {
  /** A followed file and its place in the table's order: the first in that order wins a tie. */
  private record Candidate(TailedFile file, int order) {}

  private final Map<Path, TreeMap<Integer, Map<Long, Candidate>>> byDirectory = new HashMap<>();
  private int added;

  /** Indexes a followed file, if it has a head and is not itself a held copy. */
  void add(TailedFile f) {
    Path dir = f.path.getParent();
    if (f.held() || f.head.length() == 0 || dir == null) {
      return;
    }
    byDirectory.computeIfAbsent(dir, d -> new TreeMap<>())
        .computeIfAbsent(f.head.length(), l -> new HashMap<>())
        .putIfAbsent(f.head.crc(), new Candidate(f, added));
    added++;
  }

  /** The longest head of a followed file in this directory (0 when none): shorter files cannot be told from a copy. */
  int longestHead(Path dir) {
    TreeMap<Integer, Map<Long, Candidate>> lengths = byDirectory.get(dir);
    return lengths == null ? 0 : lengths.lastKey();
  }

  /** The first followed file in the same directory whose head this file's first bytes repeat. */
  TailedFile originalOf(FileStat st) {
    TreeMap<Integer, Map<Long, Candidate>> lengths = byDirectory.get(st.path().getParent());
    if (lengths == null) {
      return null;
    }
    Candidate found = null;
    try (FileChannel ch = FileChannel.open(st.path(), StandardOpenOption.READ)) {
      for (Map.Entry<Integer, Map<Long, Candidate>> byLength : lengths.headMap((int) Math.min(st.size(),
          Integer.MAX_VALUE), true).entrySet()) {
        Fingerprint h = Fingerprint.read(ch, 0, byLength.getKey());
        Candidate c = h == null ? null : byLength.getValue().get(h.crc());
        if (c != null && (found == null || c.order() < found.order())) {
          found = c;
        }
      }
    } catch (IOException e) {
      return null;
    }
    return found == null ? null : found.file();
  }
}
