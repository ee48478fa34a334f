package io.sluice.it.flume;

import io.sluice.testsupport.flume.FlumeJars;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Apache Flume loaded in its own class loader from the jars that
 * {@code mvn -f integration-tests/flume-lib.pom.xml dependency:copy-dependencies} copies into
 * {@code integration-tests/target/flume-lib}. Its parent is the platform loader, so none of our
 * classes or third-party versions leak in or out; talk to Flume through reflection
 * ({@link #call}, {@link #callStatic}). Thread-safe; close it to release the jars.
 */
public final class FlumeClasspath implements AutoCloseable {
  /** System property naming the jar directory, overriding the default location. */
  public static final String DIR_PROPERTY = "flume.lib";

  private final Path dir;
  private final URLClassLoader loader;

  private FlumeClasspath(Path dir, URLClassLoader loader) {
    this.dir = dir;
    this.loader = loader;
  }

  /** The jar directory: {@code -Dflume.lib}, else target/flume-lib under integration-tests. */
  public static Path defaultDir() {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured != null) {
      return Path.of(configured);
    }
    Path fromRoot = Path.of("integration-tests", "target", "flume-lib");
    return Files.isDirectory(fromRoot) ? fromRoot : Path.of("target", "flume-lib");
  }

  /** True when the jars are there (so a test can skip, or a benchmark explain, when not). */
  public static boolean available(Path dir) {
    return Files.isRegularFile(dir.resolve("flume-ng-core-1.11.0.jar"))
        || FlumeJars.jars(dir).stream().anyMatch(
            p -> p.getFileName().toString().startsWith("flume-ng-core-"));
  }

  public static FlumeClasspath open(Path dir) throws IOException {
    if (FlumeJars.jars(dir).isEmpty()) {
      throw new IOException("no Flume jars in " + dir.toAbsolutePath() + "; run: mvn -f "
          + "integration-tests/flume-lib.pom.xml dependency:copy-dependencies");
    }
    return new FlumeClasspath(dir, FlumeJars.isolated("flume", dir));
  }

  public ClassLoader loader() {
    return loader;
  }

  public Path dir() {
    return dir;
  }

  public Class<?> load(String className) throws ClassNotFoundException {
    return Class.forName(className, true, loader);
  }

  /** Creates an instance with the public no-argument constructor. */
  public Object create(String className) throws ReflectiveOperationException {
    return load(className).getConstructor().newInstance();
  }

  /** Calls a public method by name and argument count; unwraps the target's exception. */
  public static Object call(Object target, String method, Object... args) throws Exception {
    return invoke(find(target.getClass(), method, args.length), target, args);
  }

  public Object callStatic(String className, String method, Object... args) throws Exception {
    return invoke(find(load(className), method, args.length), null, args);
  }

  /** Finds a public method by name and argument count, for callers caching it on a hot path. */
  public static Method find(Class<?> type, String name, int arity) throws NoSuchMethodException {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == arity) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new NoSuchMethodException(type.getName() + "." + name + " with " + arity + " arguments");
  }

  public static Object invoke(Method m, Object target, Object... args) throws Exception {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw (Error) cause;
    }
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
