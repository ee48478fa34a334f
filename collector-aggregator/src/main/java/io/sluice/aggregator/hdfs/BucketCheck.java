package io.sluice.aggregator.hdfs;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.hadoop.fs.Path;

/**
 * The last check of a bucket before a file is opened in it: its directory, normalised, stays under
 * the fixed part of {@code hdfs.path} on the same file system, and no name in it, nor the names its
 * files get, is longer than HDFS allows. {@link PathTemplate} refuses unsafe header values one by
 * one; this catches what only a combination of them does ({@code %{a}%{b}} with {@code .} and
 * {@code .}), and makes a path Hadoop cannot parse a bad event instead of a failure of every retry
 * of the batch. Immutable.
 */
final class BucketCheck {
  private final URI root;
  private final boolean anyDirectory;
  private final int fileNameExtraBytes;

  /**
   * @param template {@code hdfs.path}
   * @param fileNameExtraBytes what a file name adds to the resolved prefix (see {@link FileNamer})
   */
  BucketCheck(PathTemplate template, int fileNameExtraBytes) {
    this.root = HdfsSink.scanRoot(template).toUri();
    // "%{a}/x" or "logs-%{a}": no fixed directory, so relative paths are as expected as absolute
    this.anyDirectory = !template.isConstant() && template.staticPrefix().indexOf('/') < 0;
    this.fileNameExtraBytes = fileNameExtraBytes;
  }

  /** Throws when files of the bucket {@code directory}, {@code prefix} must not be written. */
  void check(String directory, String prefix) throws BadEventException {
    URI file;
    try {
      file = new Path(new Path(directory), prefix + ".").toUri();
    } catch (IllegalArgumentException e) {
      throw refused(directory, prefix, "is not a valid path (" + e.getMessage() + ")");
    }
    if (!Objects.equals(file.getScheme(), root.getScheme())
        || !Objects.equals(file.getAuthority(), root.getAuthority())) {
      throw refused(directory, prefix, "is on another file system than hdfs.path");
    }
    String path = file.getPath();
    String[] names = path.split("/");
    for (int i = 0; i < names.length; i++) {
      String n = names[i];
      if (n.equals("..") || n.equals(".")) {
        throw refused(directory, prefix, "leaves hdfs.path");
      }
      int extra = i == names.length - 1 ? fileNameExtraBytes : 0;
      if (n.getBytes(StandardCharsets.UTF_8).length + extra > PathTemplate.MAX_VALUE_BYTES) {
        throw refused(directory, prefix, "has a name longer than " + PathTemplate.MAX_VALUE_BYTES
            + " bytes, HDFS's limit");
      }
    }
    String rootPath = root.getPath();
    boolean under = anyDirectory || rootPath.equals("/") && path.startsWith("/")
        || path.startsWith(rootPath.endsWith("/") ? rootPath : rootPath + "/");
    if (!under) {
      throw refused(directory, prefix, "is not under " + rootPath);
    }
  }

  private static BadEventException refused(String directory, String prefix, String why) {
    return new BadEventException("bucket " + PathTemplate.quoted(directory + "/" + prefix, 300) + " "
        + why + ", so the event cannot be written there");
  }
}
