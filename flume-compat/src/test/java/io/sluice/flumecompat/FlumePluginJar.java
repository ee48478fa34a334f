package io.sluice.flumecompat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The test plugin jar: module flume-test-plugin, built against Flume 1.11.0's API only as a user
 * builds a Flume plugin, copied by the build into target/flume-test-plugin (never on the tests'
 * classpath).
 */
final class FlumePluginJar {
  private FlumePluginJar() {}

  static Path apiDir() {
    return Path.of(System.getProperty(FlumeCompatSettings.API_DIR_PROPERTY, "target/flume-api"));
  }

  /** A class loader seeing a copy of the plugin jar in {@code workDir}, as the user's classpath does. */
  static URLClassLoader userClassLoader(Path workDir) throws IOException {
    return new URLClassLoader(new URL[] {build(workDir).toUri().toURL()},
        FlumePluginJar.class.getClassLoader());
  }

  /** A copy of the plugin jar in {@code workDir}, as a user's jar in a directory of their own. */
  static Path build(Path workDir) throws IOException {
    Path jar = Path.of(System.getProperty("sluice.flume.test.plugin",
        "target/flume-test-plugin/flume-test-plugin.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no test plugin jar at " + jar.toAbsolutePath()
          + " (module flume-test-plugin, copied by flume-compat's process-test-resources)");
    }
    return Files.copy(jar, Files.createDirectories(workDir).resolve("my-flume-plugin.jar"),
        StandardCopyOption.REPLACE_EXISTING);
  }
}
