package io.sluice.edge.taildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the files of every group: lists each directory (again only when its modification time
 * changed, with {@code cachePatternMatching}) and stats each matching file. A file matched by two
 * groups, or by two names, is reported once, for the first group. Owned by the source's thread.
 */
final class FileScanner {
  private static final Logger LOG = LoggerFactory.getLogger(FileScanner.class);

  /** A matched file and the group that matched it first. */
  record Match(FileStat stat, FileGroup group) {}

  private record Listing(long dirMtime, long listedAtMillis, List<Path> files) {}

  private final String source;
  private final List<FileGroup> groups;
  private final boolean cache;
  private final Map<Path, Listing> listings = new HashMap<>();
  private final Set<FileKey> warnedTwice = new HashSet<>();
  private final Set<Path> warnedMissing = new HashSet<>();

  FileScanner(String source, List<FileGroup> groups, boolean cache) {
    this.source = source;
    this.groups = groups;
    this.cache = cache;
  }

  /** Every matched file, by identity, oldest modification first. */
  Map<FileKey, Match> scan(long nowMillis) {
    Map<FileKey, Match> out = new LinkedHashMap<>();
    for (FileGroup g : groups) {
      for (Path p : list(g, nowMillis)) {
        FileStat st = FileStat.ofOrNull(p);
        if (st == null) {
          continue;
        }
        Match previous = out.putIfAbsent(st.key(), new Match(st, g));
        if (previous != null && warnedTwice.add(st.key())) {
          LOG.warn("Source {}: {} is matched by group {} and again as {} by group {}; it is read once, for group {}",
              source, previous.stat().path(), previous.group().name(), p, g.name(), previous.group().name());
        }
      }
    }
    List<Match> sorted = new ArrayList<>(out.values());
    sorted.sort((a, b) -> Long.compare(a.stat().mtimeMillis(), b.stat().mtimeMillis()));
    Map<FileKey, Match> ordered = new LinkedHashMap<>();
    sorted.forEach(m -> ordered.put(m.stat().key(), m));
    return ordered;
  }

  /** Every regular file in a directory, matched or not (to find copies and rotated files). */
  static List<FileStat> allFiles(Path dir) {
    List<FileStat> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        FileStat st = FileStat.ofOrNull(p);
        if (st != null) {
          out.add(st);
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  private List<Path> list(FileGroup g, long nowMillis) {
    Path dir = g.directory();
    long dirMtime;
    try {
      dirMtime = Files.getLastModifiedTime(dir).toMillis();
    } catch (IOException e) {
      if (warnedMissing.add(dir)) {
        LOG.warn("Source {}: directory {} of file group {} does not exist (yet); watching for it",
            source, dir, g.name());
      }
      listings.remove(dir);
      return List.of();
    }
    if (warnedMissing.remove(dir)) {
      LOG.info("Source {}: directory {} of file group {} exists now", source, dir, g.name());
    }
    Listing cached = listings.get(dir);
    // A listing taken within a second of the directory's change may have missed a later change in
    // the same second (coarse timestamps), so it is not trusted.
    if (cache && cached != null && cached.dirMtime() == dirMtime && cached.listedAtMillis() - dirMtime > 1000) {
      return filter(g, cached.files());
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(files::add);
    } catch (IOException e) {
      LOG.warn("Source {}: cannot list {}: {}", source, dir, e.toString());
      return List.of();
    }
    listings.put(dir, new Listing(dirMtime, nowMillis, files));
    return filter(g, files);
  }

  private static List<Path> filter(FileGroup g, List<Path> files) {
    List<Path> out = new ArrayList<>();
    for (Path p : files) {
      if (g.fileName().matcher(p.getFileName().toString()).matches()) {
        out.add(p);
      }
    }
    return out;
  }
}
