package io.sluice.flumecompat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds the test plugin jar: the Java sources under test resources {@code flume-plugin/} compiled
 * with {@code javax.tools} against Flume 1.11.0's own jars (target/flume-api), as a user builds a
 * Flume plugin. No binary jar is committed.
 */
final class FlumePluginJar {
  private FlumePluginJar() {}

  static Path apiDir() {
    return Path.of(System.getProperty(FlumeCompatSettings.API_DIR_PROPERTY, "target/flume-api"));
  }

  static Path build(Path workDir) throws IOException {
    Path sources = resourceDir("flume-plugin");
    Path classes = Files.createDirectories(workDir.resolve("plugin-classes"));
    List<String> args = new ArrayList<>(List.of("-classpath", FlumeCompatSettings.jarsIn(apiDir())
        .stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
        "-d", classes.toString(), "-nowarn", "--release", "11"));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter err = new StringWriter();
    int rc = javac.run(null, null, new java.io.PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        err.write(b);
      }
    }), args.toArray(String[]::new));
    if (rc != 0) {
      throw new IllegalStateException("javac failed: " + err);
    }
    Path jar = workDir.resolve("my-flume-plugin.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
  }

  private static Path resourceDir(String name) {
    try {
      return Path.of(FlumePluginJar.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
