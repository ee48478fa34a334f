import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;

/**
 * Bench-only Java agent for A/B runs of {@code bench/run avro} (see {@code bench/avro-baseline}):
 * whenever a class under one of the prefixes is loaded ({@code io/sluice/rpc/} and
 * {@code io/sluice/core/avro/} unless the argument names others), hands the class loader the bytes
 * of the baseline's build of it from the directory given in the agent's argument
 * ({@code DIR} or {@code DIR|PREFIX:PREFIX...}), so one agent runs the baseline's classes over
 * this tree's everything else; {@code DIR.jar}, when present, is appended to the class path for the
 * baseline's classes this tree no longer has. Never part of a distribution.
 */
public final class BaselineClassesAgent {
  private BaselineClassesAgent() {}

  public static void premain(String argument, Instrumentation inst) {
    String[] parts = argument.split("\\|", 2);
    Path dir = Path.of(parts[0]);
    // Classes the baseline has and this tree no longer has (deleted since) are not on the class
    // path at all, so no transformation can supply them: the same classes as a jar beside the
    // directory (bench/avro-baseline makes it) go at the end of the class path for them.
    Path jar = dir.resolveSibling(dir.getFileName() + ".jar");
    if (Files.isRegularFile(jar)) {
      try {
        inst.appendToSystemClassLoaderSearch(new java.util.jar.JarFile(jar.toFile()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read baseline jar " + jar, e);
      }
    }
    String[] prefixes = parts.length > 1 ? parts[1].split(":")
        : new String[] {"io/sluice/rpc/", "io/sluice/core/avro/"};
    inst.addTransformer(new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String name, Class<?> redefined,
          ProtectionDomain domain, byte[] bytes) {
        if (name == null || !startsWithAny(name, prefixes)) {
          return null;
        }
        Path baseline = dir.resolve(name + ".class");
        try {
          return Files.exists(baseline) ? Files.readAllBytes(baseline) : null;
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("cannot read baseline class " + baseline, e);
        }
      }
    });
    System.err.println("A/B baseline: " + String.join(", ", prefixes) + " from " + dir);
  }

  private static boolean startsWithAny(String name, String[] prefixes) {
    for (String p : prefixes) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
