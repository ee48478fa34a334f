package io.sluice.edge.spooldir;

import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.TrackingPolicy;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the next file to read, Flume's way: regular files (or links to them) in the spool
 * directory, and in its subdirectories when recursive; never hidden ones, the tracker directory,
 * names ending with {@code fileSuffix} or {@code .FAILED}, names that {@code includePattern} does
 * not match or {@code ignorePattern} matches (which also skips directories), or files set aside.
 * Under tracker_dir a file with a completed marker is skipped unless it is newer than its marker:
 * then its name was re-used for a new file. Order: oldest or youngest modification time (ties by
 * path) or random. Runner-thread confined.
 */
final class SpoolDirectoryScanner {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectoryScanner.class);

  /** A file to read; {@code nameReused} when an earlier file of that name was already completed. */
  record Candidate(Path path, long modifiedMillis, boolean nameReused) {}

  private final SpoolDirectorySourceConfig config;
  private final Path spoolDir;
  private final Path trackerDir;
  private final FileRetirer retirer;
  private final Random random;

  SpoolDirectoryScanner(SpoolDirectorySourceConfig config, FileRetirer retirer, Random random) {
    this.config = config;
    this.spoolDir = config.spoolDir().toAbsolutePath();
    this.trackerDir = config.resolvedTrackerDir().toAbsolutePath();
    this.retirer = retirer;
    this.random = random;
  }

  /** The next file to read, or null if none waits. */
  Candidate next() throws IOException {
    List<Candidate> found = candidates();
    if (found.isEmpty()) {
      return null;
    }
    Comparator<Candidate> oldestFirst =
        Comparator.comparingLong(Candidate::modifiedMillis).thenComparing(c -> c.path().toString());
    return switch (config.consumeOrder()) {
      case OLDEST -> found.stream().min(oldestFirst).orElseThrow();
      case YOUNGEST -> found.stream().min(Comparator.comparingLong(Candidate::modifiedMillis).reversed()
          .thenComparing(c -> c.path().toString())).orElseThrow();
      case RANDOM -> found.get(random.nextInt(found.size()));
    };
  }

  List<Candidate> candidates() throws IOException {
    Map<Path, Long> markers = config.trackingPolicy() == TrackingPolicy.TRACKER_DIR ? markers() : Map.of();
    List<Candidate> found = new ArrayList<>();
    Files.walkFileTree(spoolDir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.equals(spoolDir)) {
          return FileVisitResult.CONTINUE;
        }
        String name = dir.getFileName().toString();
        boolean skip = !config.recursive() || name.startsWith(".") || dir.equals(trackerDir)
            || config.ignorePattern().matcher(name).matches();
        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Candidate c = consider(file, attrs, markers);
        if (c != null) {
          found.add(c);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        // A file that went away mid-walk, or a directory we may not read: one debug line, keep walking.
        LOG.debug("cannot look at {}: {}", file, e.toString());
        return FileVisitResult.CONTINUE;
      }
    });
    return found;
  }

  private Candidate consider(Path file, BasicFileAttributes attrs, Map<Path, Long> markers) throws IOException {
    String name = file.getFileName().toString();
    if (name.startsWith(".") || name.endsWith(config.fileSuffix()) || name.endsWith(FileRetirer.FAILED_SUFFIX)
        || !config.includePattern().matcher(name).matches() || config.ignorePattern().matcher(name).matches()) {
      return null;
    }
    BasicFileAttributes target = attrs;
    if (attrs.isSymbolicLink()) {
      try {
        target = Files.readAttributes(file, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        return null;
      }
    }
    if (!target.isRegularFile()) {
      return null;
    }
    if (retirer.isSetAside(file, FileIdentity.of(target))) {
      return null;
    }
    long modified = target.lastModifiedTime().toMillis();
    if (markers.containsKey(retirer.failedMarker(file))) {
      return null;
    }
    Long done = markers.get(retirer.completedMarker(file));
    if (done != null && modified <= done) {
      return null;
    }
    return new Candidate(file, modified, done != null);
  }

  /** Every marker under the tracker directory, with its modification time. */
  private Map<Path, Long> markers() throws IOException {
    Map<Path, Long> markers = new HashMap<>();
    if (!Files.isDirectory(trackerDir)) {
      return markers;
    }
    Files.walkFileTree(trackerDir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        String name = file.getFileName().toString();
        if (name.endsWith(config.fileSuffix()) || name.endsWith(FileRetirer.FAILED_SUFFIX)) {
          markers.put(file, attrs.lastModifiedTime().toMillis());
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    return markers;
  }
}
