package io.sluice.aggregator.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the sink's Hadoop client configuration comes from, and which place wins. */
class HadoopConfDirsTest {

  static void writeSite(Path dir, String file, Map<String, String> values) throws IOException {
    Files.createDirectories(dir);
    Configuration c = new Configuration(false);
    values.forEach(c::set);
    try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
      c.writeXml(out);
    }
  }

  @Test
  void hadoopConfDirOverridesTheAgentConfDirWhichOverridesTheClasspath(@TempDir Path tmp)
      throws IOException {
    Path agentConf = tmp.resolve("agent-conf");
    Path hadoopConf = tmp.resolve("hadoop-conf");
    writeSite(agentConf, "core-site.xml", Map.of("t.both", "agent", "t.agent", "agent"));
    writeSite(agentConf, "hdfs-site.xml", Map.of("t.hdfs", "agent"));
    writeSite(hadoopConf, "core-site.xml", Map.of("t.both", "hadoop"));

    HadoopConfDirs dirs = HadoopConfDirs.resolve(Map.of("HADOOP_CONF_DIR", hadoopConf.toString()),
        agentConf.toString());
    assertEquals(List.of(agentConf, hadoopConf), dirs.dirs());
    Configuration c = dirs.load();
    assertEquals("hadoop", c.get("t.both"));
    assertEquals("agent", c.get("t.agent"));
    assertEquals("agent", c.get("t.hdfs"));
    // the classpath's defaults are still underneath
    assertEquals("file:///", c.get("fs.defaultFS"));
  }

  @Test
  void hadoopHomeIsTheFallbackAndMissingDirectoriesAreSkipped(@TempDir Path tmp) throws IOException {
    Path home = tmp.resolve("hadoop");
    writeSite(home.resolve("etc/hadoop"), "hdfs-site.xml", Map.of("t.home", "yes"));
    HadoopConfDirs dirs = HadoopConfDirs.resolve(Map.of("HADOOP_HOME", home.toString()),
        tmp.resolve("no-such-dir").toString());
    assertEquals(List.of(home.resolve("etc/hadoop")), dirs.dirs());
    assertEquals("yes", dirs.load().get("t.home"));

    HadoopConfDirs none = HadoopConfDirs.resolve(Map.of("HADOOP_CONF_DIR",
        tmp.resolve("missing").toString()), null);
    assertEquals(List.of(), none.dirs());
    assertNull(none.load().get("t.home"));
  }
}
