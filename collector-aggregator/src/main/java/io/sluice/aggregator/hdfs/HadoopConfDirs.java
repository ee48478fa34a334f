package io.sluice.aggregator.hdfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;

/**
 * Where the sink's Hadoop client configuration ({@code core-site.xml}, {@code hdfs-site.xml}) comes
 * from, lowest precedence first: the classpath, then the agent's {@code --conf} directory, then
 * {@code HADOOP_CONF_DIR} (else {@code $HADOOP_HOME/etc/hadoop}, else
 * {@code $HADOOP_PREFIX/etc/hadoop}). A key set in a later place wins, so the cluster's own client
 * configuration overrides a stale copy in the agent's conf directory.
 *
 * @param dirs the directories that exist, lowest precedence first
 */
public record HadoopConfDirs(List<Path> dirs) {
  /** The system property the launchers set to the agent's {@code --conf} directory. */
  public static final String CONF_DIR_PROPERTY = "sluice.conf.dir";
  static final List<String> SITE_FILES = List.of("core-site.xml", "hdfs-site.xml");

  public HadoopConfDirs {
    dirs = List.copyOf(dirs);
  }

  /** From this process's environment and the launcher's {@value #CONF_DIR_PROPERTY}. */
  public static HadoopConfDirs fromProcess() {
    return resolve(System.getenv(), System.getProperty(CONF_DIR_PROPERTY));
  }

  /**
   * From an environment and the agent's conf directory (null when not known); directories that do
   * not exist are left out.
   */
  public static HadoopConfDirs resolve(Map<String, String> env, String agentConfDir) {
    List<Path> out = new ArrayList<>();
    if (agentConfDir != null && !agentConfDir.isBlank()) {
      addIfDir(out, Path.of(agentConfDir));
    }
    String hadoopConf = env.get("HADOOP_CONF_DIR");
    if (hadoopConf == null || hadoopConf.isBlank()) {
      String home = env.getOrDefault("HADOOP_HOME", env.get("HADOOP_PREFIX"));
      hadoopConf = home == null || home.isBlank() ? null : Path.of(home, "etc", "hadoop").toString();
    }
    if (hadoopConf != null) {
      addIfDir(out, Path.of(hadoopConf));
    }
    return new HadoopConfDirs(out);
  }

  private static void addIfDir(List<Path> out, Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.isDirectory(abs) && !out.contains(abs)) {
      out.add(abs);
    }
  }

  /** A client configuration: the classpath's site files, then each directory's, in order. */
  public Configuration load() {
    Configuration conf = new HdfsConfiguration(); // registers hdfs-site.xml from the classpath
    for (Path file : siteFiles()) {
      conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
    }
    return conf;
  }

  /** The site files read, for the start-up log. */
  public List<Path> siteFiles() {
    List<Path> out = new ArrayList<>();
    for (Path dir : dirs) {
      for (String name : SITE_FILES) {
        if (Files.isRegularFile(dir.resolve(name))) {
          out.add(dir.resolve(name));
        }
      }
    }
    return out;
  }
}
