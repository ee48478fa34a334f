package io.sluice.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The properties reader's one addition to java.util.Properties: a bad escape names its line. */
class FlumePropertiesTest {
  @Test
  void aMalformedUnicodeEscapeIsAConfigErrorNamingItsLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> FlumeProperties.parse("a = 1\r\n# \\uZZZZ in a comment is not read\nb = \\\\u\nc = x\\u12G4\n"));
    assertEquals(List.of(new ConfigProblem("line 4",
        "malformed \\uXXXX escape (four hex digits must follow \\u)")), e.problems());
    assertThrows(ConfigException.class, () -> FlumeProperties.parse("a = \\u00"));
  }

  @Test
  void goodEscapesAndAnEscapedBackslashBeforeUAreRead() {
    assertEquals(Map.of("a", "\u00e9", "b", "\\u"), FlumeProperties.parse("a = \\u00e9\nb = \\\\u\n"));
  }
}
