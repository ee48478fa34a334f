package io.sluice.aggregator.hdfs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The blocking HDFS steps that finish a file nobody will close normally: lease recovery (which
 * makes the NameNode close the file at its last consistent length), the rename from the in-use to
 * the final name, and the search for in-use files an earlier run left behind. Callers bound each
 * step with {@link HdfsCalls}. Thread-safe.
 */
final class LeaseRecovery {
  private final FileSystem fs;

  LeaseRecovery(FileSystem fs) {
    this.fs = fs;
  }

  /**
   * Starts or checks lease recovery; true once the file is closed. On file systems without leases
   * there is nothing to recover.
   */
  boolean recoverLease(Path path) throws IOException {
    if (!(fs instanceof LeaseRecoverable leases)) {
      return true;
    }
    try {
      return leases.recoverLease(path) || leases.isFileClosed(path);
    } catch (FileNotFoundException e) {
      return true; // gone already: the rename below tells whether it was finished
    }
  }

  /**
   * Cuts a closed file back to {@code length} bytes if it is longer; true when done, false when
   * the NameNode is still adjusting the last block (the file is closed once that is over).
   */
  boolean truncate(Path path, long length) throws IOException {
    if (fs.getFileStatus(path).getLen() <= length) {
      return true;
    }
    return fs.truncate(path, length);
  }

  /** Deletes a file that holds nothing committed; true if it is gone. */
  boolean delete(Path path) throws IOException {
    return fs.delete(path, false) || !fs.exists(path);
  }

  /**
   * Renames in-use to final; succeeds too when an earlier attempt already did it. Never replaces
   * a file: when the final name is taken by another file this throws {@link FinalNameTaken}.
   * (HDFS refuses such a rename itself; the local file system would replace the file, hence the
   * check first.)
   */
  void rename(Path inUse, Path target) throws IOException {
    if (inUse.equals(target)) {
      return;
    }
    boolean taken = fs.exists(target);
    if (!taken && fs.rename(inUse, target)) {
      return;
    }
    boolean sourceThere = fs.exists(inUse);
    if (!sourceThere && (taken || fs.exists(target))) {
      return;
    }
    if (sourceThere && (taken || fs.exists(target))) {
      throw new FinalNameTaken(inUse, target);
    }
    throw new IOException("rename of " + inUse + " to " + target + " failed ("
        + (sourceThere ? "the file system refused it" : "the in-use file is gone") + ")");
  }

  /** The final name of a file is held by another file, which is never replaced. */
  static final class FinalNameTaken extends IOException {
    private static final long serialVersionUID = 1L;

    FinalNameTaken(Path inUse, Path target) {
      super("cannot rename " + inUse + " to " + target + ": another file already has that name; "
          + "it is never replaced, so the in-use file keeps its events under its in-use name");
    }
  }

  /**
   * The in-use files under {@code root} (recursively) whose names match {@code namer}'s in-use
   * pattern with a counter below its first, i.e. left open by an earlier run of this sink.
   */
  List<FileNamer.Names> leftovers(Path root, FileNamer namer) throws IOException {
    List<FileNamer.Names> found = new ArrayList<>();
    if (!namer.marksInUse() || !fs.exists(root)) {
      return found;
    }
    Pattern p = namer.inUsePattern();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      Path path = it.next().getPath();
      String name = path.getName();
      Matcher m = p.matcher(name);
      if (m.matches() && counterBelow(m.group(2), namer.firstCounter())) {
        found.add(new FileNamer.Names(path, new Path(path.getParent(), namer.finalName(name))));
      }
    }
    return found;
  }

  /**
   * Whether a counter of any length is below {@code first}; one too long for a long (another
   * writer's file, not ours) is above every counter this sink uses, never a parse failure that
   * would stop the search.
   */
  private static boolean counterBelow(String digits, long first) {
    return new BigInteger(digits).compareTo(BigInteger.valueOf(first)) < 0;
  }
}
