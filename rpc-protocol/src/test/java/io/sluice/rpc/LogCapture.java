package io.sluice.rpc;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects WARN+ log lines of the test JVM while open ({@link #capture(Level)} for another level).
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  // Each line with its exception's stack trace and causes, for tests that search everything.
  private final List<String> full = new CopyOnWriteArrayList<>();

  private LogCapture() {
    super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
  }

  public static LogCapture capture() {
    return capture(Level.WARN);
  }

  /** Lines at {@code minimum} and above that reach the root logger. */
  public static LogCapture capture(Level minimum) {
    LogCapture c = new LogCapture();
    c.start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getRootLogger().addAppender(c, minimum, null);
    ctx.updateLoggers();
    return c;
  }

  @Override
  public void append(LogEvent event) {
    String line = event.getLevel() + " " + event.getMessage().getFormattedMessage();
    lines.add(line);
    if (event.getThrown() != null) {
      StringWriter trace = new StringWriter();
      event.getThrown().printStackTrace(new PrintWriter(trace));
      line += "\n" + trace;
    }
    full.add(line);
  }

  /** Every line captured so far, each with the stack trace of its exception (causes included). */
  public String everything() {
    return String.join("\n", full);
  }

  public List<String> linesContaining(String text) {
    return lines.stream().filter(l -> l.contains(text)).toList();
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getRootLogger().removeAppender(getName());
    ctx.updateLoggers();
    stop();
  }
}
