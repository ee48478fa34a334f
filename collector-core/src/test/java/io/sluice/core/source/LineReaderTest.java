package io.sluice.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static LineReader reader(String text, int max) {
    return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
  }

  private static String text(LineReader.Line line) {
    return new String(line.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void crlfAtTheLimitIsNotATruncation() throws IOException {
    LineReader r = reader("hello\r\nab\rc\nlonger-than-5\ntail", 5);
    LineReader.Line first = r.next();
    assertEquals("hello", text(first));
    assertFalse(first.truncated());
    assertEquals("ab\rc", text(r.next()), "a CR inside a line is content");
    LineReader.Line cut = r.next();
    assertEquals("longe", text(cut));
    assertTrue(cut.truncated());
    assertEquals("tail", text(r.next()), "last line without newline");
    assertNull(r.next());
  }
}
