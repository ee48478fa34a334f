package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FlumeLogPropertiesTest {
  private static List<String> applied(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    FlumeLogProperties.apply(p);
    return List.of(p.getProperty(FlumeLogProperties.LEVEL),
        p.getProperty(FlumeLogProperties.CONSOLE), p.getProperty(FlumeLogProperties.FILE));
  }

  @Test
  void withoutFlumeSwitchesLogsGoToTheConsoleAtInfo() {
    assertEquals(List.of("INFO", "ALL", "OFF"), applied());
  }

  @Test
  void rootLoggerPicksLevelAndAppenders() {
    assertEquals(List.of("DEBUG", "ALL", "OFF"), applied("flume.root.logger", "DEBUG,console"));
    assertEquals(List.of("INFO", "OFF", "ALL"), applied("flume.root.logger", "INFO,LOGFILE"));
    assertEquals(List.of("WARN", "OFF", "ALL"), applied("flume.root.logger", "warn,LogFile"));
    assertEquals(List.of("INFO", "ALL", "ALL"),
        applied("flume.root.logger", "INFO, console, DAILY"));
    assertEquals(List.of("ERROR", "ALL", "OFF"), applied("flume.root.logger", "ERROR"));
  }

  @Test
  void aLogDirAloneMeansTheFile() {
    assertEquals(List.of("INFO", "OFF", "ALL"), applied("flume.log.dir", "/var/log/flume"));
    assertEquals(List.of("DEBUG", "OFF", "ALL"),
        applied("flume.log.file", "a1.log", "flume.root.logger", "DEBUG"));
  }

  @Test
  void propertiesAlreadySetWin() {
    assertEquals(List.of("TRACE", "ALL", "OFF"),
        applied("sluice.log.level", "TRACE", "flume.root.logger", "DEBUG,console"));
  }
}
