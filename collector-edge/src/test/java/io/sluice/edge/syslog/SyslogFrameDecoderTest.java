package io.sluice.edge.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SyslogFrameDecoderTest {
  private final EmbeddedChannel ch = new EmbeddedChannel(new SyslogFrameDecoder(2500));

  @Test
  void plainLinesThatStartWithANumberAreLinesNotOctetCounts() {
    write("100 items processed\n<13>1 - h a one\n2 errors\n<13>1 - h a two\n");
    assertEquals("100 items processed", next().text());
    assertEquals("<13>1 - h a one", next().text());
    assertEquals("2 errors", next().text());
    assertEquals("<13>1 - h a two", next().text());
    assertNull(ch.readInbound());
  }

  @Test
  void aCrBeforeTheLfEndsTheLineWithIt() {
    write("<13>1 - h a crlf\r\n<13>1 - h a lf\n\r\n");
    assertEquals("<13>1 - h a crlf", next().text());
    assertEquals("<13>1 - h a lf", next().text());
    assertNull(ch.readInbound(), "a line of just CRLF is empty: skipped");
  }

  @Test
  void aCountIsTakenOnceTheByteAfterItsSpaceShowsAPri() {
    write("5 ");
    assertNull(ch.readInbound(), "a count or a line: not known before the next byte");
    write("<13>a");
    Frame f = next();
    assertEquals("<13>a", f.text());
    assertFalse(f.incomplete());
    write("3 x\n");
    assertEquals("3 x", next().text());
  }

  @Test
  void anOctetCountedMessageCutShortByTheCloseIsOneIncompleteMessage() {
    write("<13>1 - h a first\n40 <13>1 - h a cut by the close");
    assertEquals("<13>1 - h a first", next().text());
    assertNull(ch.readInbound());
    ch.finish();
    Frame last = next();
    assertEquals("<13>1 - h a cut by the close", last.text());
    assertTrue(last.incomplete());
  }

  @Test
  void aLastLineWithoutItsLfIsOneWholeMessage() {
    write("<13>1 - h a no lf");
    ch.finish();
    Frame last = next();
    assertEquals("<13>1 - h a no lf", last.text());
    assertFalse(last.incomplete());
  }

  @Test
  void aLineOfExactlyEventSizeBytesIsWholeWithACrlfAsWithAnLf() {
    EmbeddedChannel small = new EmbeddedChannel(new SyslogFrameDecoder(10));
    small.writeInbound(Unpooled.copiedBuffer("<13>abcdef\r\n<13>ghijkl\n<13>abcdef", StandardCharsets.US_ASCII));
    small.writeInbound(Unpooled.copiedBuffer("\r", StandardCharsets.US_ASCII));
    assertFrames(small, new Frame("<13>abcdef", false), new Frame("<13>ghijkl", false));
    small.writeInbound(Unpooled.copiedBuffer("\n<13>abcdefg\n", StandardCharsets.US_ASCII));
    // a CRLF split across reads ends the line too; one byte over eventSize cuts it there
    assertFrames(small, new Frame("<13>abcdef", false), new Frame("<13>abcdef", true),
        new Frame("g", false));
    small.finishAndReleaseAll();
  }

  @Test
  void aMessageTheSourcesOwnCloseCutsShortIsIncomplete() {
    SyslogFrameDecoder decoder = new SyslogFrameDecoder(2500);
    EmbeddedChannel closedHere = new EmbeddedChannel(decoder);
    closedHere.writeInbound(Unpooled.copiedBuffer("<13>1 - h a whole\n<13>1 - h a half",
        StandardCharsets.US_ASCII));
    decoder.closingHere(); // an idle peer, a fault or a stop: the rest will never come
    closedHere.finish();
    assertFrames(closedHere, new Frame("<13>1 - h a whole", false),
        new Frame("<13>1 - h a half", true));
  }

  private static void assertFrames(EmbeddedChannel channel, Frame... expected) {
    for (Frame e : expected) {
      SyslogFrame f = channel.readInbound();
      assertTrue(f != null, "a frame: " + e);
      assertEquals(e, new Frame(new String(f.bytes(), StandardCharsets.US_ASCII), f.incomplete()));
    }
    assertNull(channel.readInbound());
  }

  private void write(String s) {
    ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
  }

  private Frame next() {
    SyslogFrame f = ch.readInbound();
    assertTrue(f != null, "a frame");
    return new Frame(new String(f.bytes(), StandardCharsets.US_ASCII), f.incomplete());
  }

  private record Frame(String text, boolean incomplete) {}
}
