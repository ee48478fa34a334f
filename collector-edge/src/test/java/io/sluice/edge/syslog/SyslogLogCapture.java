package io.sluice.edge.syslog;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects what one class logs at WARN and above. */
final class SyslogLogCapture extends AbstractAppender implements AutoCloseable {
  private final Logger logger;
  private final Level least;
  private final List<String> lines = new ArrayList<>();

  private SyslogLogCapture(Logger logger, Level least) {
    super("capture-" + logger.getName() + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    this.logger = logger;
    this.least = least;
  }

  /** WARN lines and worse. */
  static SyslogLogCapture of(Class<?> type) {
    return of(type, Level.WARN);
  }

  /** Lines at {@code least} and worse. */
  static SyslogLogCapture of(Class<?> type, Level least) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    SyslogLogCapture c = new SyslogLogCapture(ctx.getLogger(type.getName()), least);
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

  synchronized List<String> containing(String text) {
    return lines.stream().filter(l -> l.contains(text)).toList();
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    stop();
  }
}
