package io.sluice.edge.testlog;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects what one class's logger writes at a level and worse while open, as "LEVEL message"
 * lines; a level finer than the logger's own is turned on for the capture and put back at close.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
  private final Logger logger;
  private final Level least;
  private final Level before;
  private final List<String> lines = new ArrayList<>();

  private LogCapture(Logger logger, Level least) {
    super("capture-" + logger.getName() + System.nanoTime(), null, null, true,
        Property.EMPTY_ARRAY);
    this.logger = logger;
    this.least = least;
    this.before = logger.getLevel();
  }

  /** WARN lines and worse. */
  public static LogCapture of(Class<?> type) {
    return of(type, Level.WARN);
  }

  /** Lines at {@code least} and worse. */
  public static LogCapture of(Class<?> type, Level least) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    LogCapture c = new LogCapture(ctx.getLogger(type.getName()), least);
    if (c.before.isMoreSpecificThan(least) && !c.before.equals(least)) {
      Configurator.setLevel(type.getName(), least);
    }
    c.start();
    c.logger.addAppender(c);
    return c;
  }

  @Override
  public synchronized void append(LogEvent event) {
    if (event.getLevel().isMoreSpecificThan(least)) {
      lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }
  }

  public synchronized List<String> containing(String text) {
    return lines.stream().filter(l -> l.contains(text)).toList();
  }

  public synchronized List<String> errors() {
    return lines.stream().filter(l -> l.startsWith("ERROR")).toList();
  }

  public synchronized List<String> warnings() {
    return lines.stream().filter(l -> l.startsWith("WARN")).toList();
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    if (!logger.getLevel().equals(before)) {
      Configurator.setLevel(logger.getName(), before);
    }
    stop();
  }
}
