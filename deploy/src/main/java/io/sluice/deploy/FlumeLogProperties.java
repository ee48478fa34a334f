package io.sluice.deploy;

import java.util.Locale;
import java.util.Properties;

/**
 * Flume's logging switches, {@code -Dflume.root.logger=LEVEL,APPENDER[,APPENDER]},
 * {@code -Dflume.log.dir} and {@code -Dflume.log.file}, turned into the properties the shipped
 * {@code conf/log4j2.xml} reads (Log4j 2 cannot split a property value itself):
 * {@code sluice.log.level} (the root level), {@code sluice.log.console} and
 * {@code sluice.log.file} (each appender's threshold: the root level when named, {@code OFF} when
 * not). Appender {@code console} is the console; any other name ({@code LOGFILE}, {@code DAILY},
 * Flume 1.11's {@code LogFile}) is the rolling file {@code flume.log.dir/flume.log.file}. Without
 * {@code flume.root.logger}, logs go to the console as before, or to the file when
 * {@code flume.log.dir} or {@code flume.log.file} is given. Properties already set win. Must run
 * before Log4j starts.
 */
final class FlumeLogProperties {
  static final String ROOT_LOGGER = "flume.root.logger";
  static final String LEVEL = "sluice.log.level";
  static final String CONSOLE = "sluice.log.console";
  static final String FILE = "sluice.log.file";

  private FlumeLogProperties() {}

  static void apply(Properties p) {
    String spec = p.getProperty(ROOT_LOGGER);
    String level = "INFO";
    boolean console;
    boolean file;
    if (spec != null && !spec.isBlank()) {
      String[] parts = spec.split(",");
      if (!parts[0].isBlank()) {
        level = parts[0].trim().toUpperCase(Locale.ROOT);
      }
      console = false;
      file = false;
      for (int i = 1; i < parts.length; i++) {
        String appender = parts[i].trim();
        if (appender.equalsIgnoreCase("console")) {
          console = true;
        } else if (!appender.isEmpty()) {
          file = true;
        }
      }
      if (!console && !file) {
        console = !fileAsked(p);
        file = !console;
      }
    } else {
      file = fileAsked(p);
      console = !file;
    }
    setIfAbsent(p, LEVEL, level);
    setIfAbsent(p, CONSOLE, console ? "ALL" : "OFF");
    setIfAbsent(p, FILE, file ? "ALL" : "OFF");
  }

  private static boolean fileAsked(Properties p) {
    return p.getProperty("flume.log.dir") != null || p.getProperty("flume.log.file") != null;
  }

  private static void setIfAbsent(Properties p, String key, String value) {
    if (p.getProperty(key) == null) {
      p.setProperty(key, value);
    }
  }
}
