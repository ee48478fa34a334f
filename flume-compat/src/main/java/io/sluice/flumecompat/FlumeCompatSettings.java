package io.sluice.flumecompat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the Flume adapter finds its jars.
 *
 * @param apiDir Flume's API jars: {@value #API_DIR_PROPERTY}, else {@code flume-api} beside this
 *     module's jar (the distribution's {@code lib/flume-api}) or beside its class directory
 *     ({@code flume-compat/target/flume-api} in a source checkout)
 * @param pluginClasspath the user's part of the classpath ({@value #PLUGIN_CLASSPATH_PROPERTY},
 *     set by the launcher: plugins.d's lib and libext jars, {@code -C}, {@code FLUME_CLASSPATH});
 *     {@code dir/*} entries are expanded to the jars in {@code dir}
 */
public record FlumeCompatSettings(Path apiDir, List<Path> pluginClasspath) {
  public static final String API_DIR_PROPERTY = "sluice.flume.api";
  public static final String PLUGIN_CLASSPATH_PROPERTY = "sluice.flume.plugin.classpath";

  public FlumeCompatSettings {
    pluginClasspath = List.copyOf(pluginClasspath);
  }

  /** From the system properties above (read once, when the first Flume class is asked for). */
  public static FlumeCompatSettings fromSystemProperties() {
    String api = System.getProperty(API_DIR_PROPERTY);
    Path apiDir = api != null && !api.isBlank() ? Path.of(api) : besideThisModule();
    return new FlumeCompatSettings(apiDir,
        expand(System.getProperty(PLUGIN_CLASSPATH_PROPERTY, "")));
  }

  /** The API jars, sorted by name; empty when the directory is missing. */
  public List<Path> apiJars() {
    return jarsIn(apiDir);
  }

  static List<Path> expand(String classpath) {
    List<Path> out = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      if (entry.endsWith("/*") || entry.endsWith(File.separator + "*")) {
        out.addAll(jarsIn(Path.of(entry.substring(0, entry.length() - 2))));
      } else {
        out.add(Path.of(entry));
      }
    }
    return out;
  }

  static List<Path> jarsIn(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path besideThisModule() {
    URL location = FlumeCompatSettings.class.getProtectionDomain().getCodeSource().getLocation();
    try {
      Path self = Path.of(location.toURI());
      Path parent = self.getParent();
      return parent == null ? Path.of("flume-api") : parent.resolve("flume-api");
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Path.of("flume-api");
    }
  }
}
