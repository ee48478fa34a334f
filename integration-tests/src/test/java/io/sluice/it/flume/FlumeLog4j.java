package io.sluice.it.flume;

import io.sluice.testsupport.flume.FlumeJars;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Flume 1.11.0's log4j 1.x appenders ({@code Log4jAppender}, {@code LoadBalancingLog4jAppender})
 * as an application uses them: log4j 1.2.17 configured from properties, messages logged through
 * {@code org.apache.log4j.Logger}. Loaded with the Flume agent jars in an isolated class loader
 * and driven through reflection. Not thread-safe; close it to shut log4j down (closing the
 * appenders' RPC clients) and release the jars.
 */
public final class FlumeLog4j implements AutoCloseable {
  private final URLClassLoader loader;

  /** @param config log4j 1.x properties ({@code log4j.rootLogger}, {@code log4j.appender.*}) */
  public FlumeLog4j(Properties config) throws Exception {
    loader = FlumeJars.isolated("flume-log4j-1.11", FlumeAgentProcess.libDir(), libDir());
    try {
      FlumeJars.call(loader, () -> type("org.apache.log4j.PropertyConfigurator")
          .getMethod("configure", Properties.class).invoke(null, config));
    } catch (Exception e) {
      loader.close();
      throw e;
    }
  }

  /** The appender's jars: {@code -Dsluice.flume.log4j.lib}, else target/flume-log4j-lib. */
  static Path libDir() {
    Path dir = Path.of(System.getProperty("sluice.flume.log4j.lib", "target/flume-log4j-lib"));
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("Flume log4j appender jars missing in "
          + dir.toAbsolutePath() + " (run the integration-tests build's generate-test-resources"
          + " phase)");
    }
    return dir;
  }

  /**
   * {@code Logger.getLogger(logger).log(Level.toLevel(level), message)}; the appender sends the
   * event before this returns, and throws when it could not (UnsafeMode off).
   */
  public void log(String logger, String level, Object message) throws Exception {
    FlumeJars.call(loader, () -> {
      Object log = type("org.apache.log4j.Logger").getMethod("getLogger", String.class)
          .invoke(null, logger);
      Class<?> levels = type("org.apache.log4j.Level");
      Object lvl = levels.getMethod("toLevel", String.class).invoke(null, level);
      return type("org.apache.log4j.Category").getMethod("log", type("org.apache.log4j.Priority"),
          Object.class).invoke(log, lvl, message);
    });
  }

  private Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, true, loader);
  }

  @Override
  public void close() throws Exception {
    try {
      FlumeJars.call(loader, () -> type("org.apache.log4j.LogManager").getMethod("shutdown")
          .invoke(null));
    } finally {
      loader.close();
    }
  }
}
