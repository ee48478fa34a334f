package io.sluice.deploy.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SluiceMainTest runs the tools through the launcher; DistributionIT runs them without tools/lib/. */
class LocalClusterToolsTest {
  @Test
  void namesTheFirstToolJarClassALoaderLacks() {
    assertEquals(Optional.empty(), LocalClusterTools.missing(getClass().getClassLoader()));
    // The JDK's own classes only: none of tools/lib/.
    assertEquals(Optional.of("org.apache.hadoop.hdfs.MiniDFSCluster"),
        LocalClusterTools.missing(ClassLoader.getPlatformClassLoader()));
  }
}
