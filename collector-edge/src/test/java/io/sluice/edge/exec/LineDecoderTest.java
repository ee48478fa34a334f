package io.sluice.edge.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDecoderTest {

  private static List<String> lines(byte[] input, Charset cs, int max) throws IOException {
    LineDecoder d = new LineDecoder(new ByteArrayInputStream(input), cs, max);
    List<String> out = new ArrayList<>();
    LineDecoder.Line l;
    while ((l = d.next()) != null) {
      out.add(l.text() + (l.truncated() ? "~" : ""));
    }
    assertNull(d.next());
    return out;
  }

  @Test
  void splitsOnNewlineDropsCrBeforeItAndKeepsALastUnterminatedLine() throws IOException {
    assertEquals(List.of("a", "", "b\rc", "d", "e"),
        lines("a\n\nb\rc\nd\r\ne".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, 100));
  }

  @Test
  void truncatesAtTheLimitWithoutCountingTheCr() throws IOException {
    assertEquals(List.of("abc", "abc~", "ab"),
        lines("abc\r\nabcd\nab\r\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, 3));
  }

  @Test
  void aLineLongerThanTheReadBufferIsOneLine() throws IOException {
    String big = "x".repeat(100_000);
    assertEquals(List.of(big, "y"), lines((big + "\ny\n").getBytes(StandardCharsets.UTF_8),
        StandardCharsets.UTF_8, 200_000));
    assertEquals(List.of("x".repeat(10) + "~", "y"), lines((big + "\ny\n").getBytes(StandardCharsets.UTF_8),
        StandardCharsets.UTF_8, 10));
  }

  @Test
  void decodesMultiByteCharsetsWhoseNewlineIsNotOneByte() throws IOException {
    assertEquals(List.of("h\u00e9", "x"), lines("h\u00e9\nx\n".getBytes(StandardCharsets.UTF_16BE),
        StandardCharsets.UTF_16BE, 100));
  }

  @Test
  void aLineIsReturnedAsSoonAsItsNewlineArrivesWithoutWaitingForMoreInput() throws IOException {
    // A stream that would block (fail here) if asked for more after the first chunk.
    InputStream oneChunkThenFail = new InputStream() {
      private final byte[] chunk = "first\nsec".getBytes(StandardCharsets.UTF_8);
      private int reads;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (reads++ > 0) {
          throw new IOException("read past the first chunk");
        }
        System.arraycopy(chunk, 0, b, off, chunk.length);
        return chunk.length;
      }

      @Override
      public int available() {
        return 0;
      }
    };
    LineDecoder d = new LineDecoder(oneChunkThenFail, StandardCharsets.UTF_8, 100);
    assertEquals("first", d.next().text());
  }
}
