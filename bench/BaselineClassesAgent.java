import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;

/**
 * Bench-only Java agent for A/B runs of {@code bench/run avro} (see {@code bench/avro-baseline}):
 * whenever a class of {@code io.sluice.rpc} or {@code io.sluice.core.avro} is loaded, hands the
 * class loader the bytes of the baseline's build of it from the directory given as the agent's
 * argument, so one agent runs the baseline's Avro server and source over this tree's everything
 * else. Never part of a distribution.
 */
public final class BaselineClassesAgent {
  private BaselineClassesAgent() {}

  public static void premain(String classesDir, Instrumentation inst) {
    Path dir = Path.of(classesDir);
    inst.addTransformer(new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String name, Class<?> redefined,
          ProtectionDomain domain, byte[] bytes) {
        if (name == null
            || !(name.startsWith("io/sluice/rpc/") || name.startsWith("io/sluice/core/avro/"))) {
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
    System.err.println("A/B baseline: io.sluice.rpc and io.sluice.core.avro from " + dir);
  }
}
