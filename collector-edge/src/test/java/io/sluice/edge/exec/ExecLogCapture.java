package io.sluice.edge.exec;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects the log lines (level + message) of the test JVM at INFO and above while open. */
final class ExecLogCapture extends AbstractAppender implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private ExecLogCapture() {
    super("exec-capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
  }

  static ExecLogCapture open() {
    ExecLogCapture c = new ExecLogCapture();
    c.start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getRootLogger().addAppender(c, Level.INFO, null);
    ctx.updateLoggers();
    return c;
  }

  @Override
  public void append(LogEvent event) {
    lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
  }

  List<String> containing(String text) {
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
