package io.sluice.flumecompat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a Flume channel keeps its events, as far as Flume's file-channel keys say
 * ({@code checkpointDir}, {@code backupCheckpointDir}, {@code dataDirs}, with Flume's defaults
 * under {@code ~/.flume/file-channel} for the file channel and its subclasses, such as the spillable
 * memory channel). A reload then stops the old instance before the new one opens the same
 * directories, which the old one holds locked. Other Flume channels name no storage.
 */
final class FlumeChannelStorage {
  static final String FILE_CHANNEL = "org.apache.flume.channel.file.FileChannel";

  private FlumeChannelStorage() {}

  static Set<String> locations(Class<?> channel, Map<String, String> keys) {
    boolean fileChannel = extendsFileChannel(channel);
    Path flumeHome = Path.of(System.getProperty("user.home"), ".flume", "file-channel");
    Set<String> out = new TreeSet<>();
    add(out, keys.get("checkpointDir"), fileChannel ? flumeHome.resolve("checkpoint") : null);
    add(out, keys.get("backupCheckpointDir"), null);
    String dataDirs = keys.get("dataDirs");
    if (dataDirs != null && !dataDirs.isBlank()) {
      for (String dir : dataDirs.split(",")) {
        add(out, dir, null);
      }
    } else if (fileChannel) {
      add(out, null, flumeHome.resolve("data"));
    }
    return out;
  }

  private static void add(Set<String> out, String dir, Path otherwise) {
    if (dir != null && !dir.isBlank()) {
      out.add(Path.of(dir.trim()).toAbsolutePath().normalize().toString());
    } else if (otherwise != null) {
      out.add(otherwise.toAbsolutePath().normalize().toString());
    }
  }

  private static boolean extendsFileChannel(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      if (k.getName().equals(FILE_CHANNEL)) {
        return true;
      }
    }
    return false;
  }
}
