package io.sluice.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NetcatLineDecoderTest {

  private static void send(EmbeddedChannel ch, String text) {
    ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
  }

  private static String text(NetcatLine line) {
    return new String(line.body(), StandardCharsets.UTF_8);
  }

  @Test
  void crlfAtTheLimitIsNotATruncationAndALongLineIsCutAcrossReads() {
    EmbeddedChannel ch = new EmbeddedChannel(new NetcatLineDecoder(5));
    send(ch, "hello\r\nab\rc\nlonger-");
    NetcatLine first = ch.readInbound();
    assertEquals("hello", text(first));
    assertFalse(first.truncated());
    assertEquals("ab\rc", text(ch.readInbound()), "a CR inside a line is content");
    NetcatLine cut = ch.readInbound();
    assertEquals("longe", text(cut), "cut as soon as the limit is passed, before its newline");
    assertTrue(cut.truncated());
    send(ch, "than-5 and more");
    send(ch, " still the same line\nta");
    assertNull(ch.readInbound(), "the rest of the long line is skipped");
    send(ch, "il");
    ch.finish();
    assertEquals("tail", text(ch.readInbound()), "last line without newline");
    assertNull(ch.readInbound());
  }

  @Test
  void aLongLineEndingRightAfterTheLimitIsTruncatedOnce() {
    EmbeddedChannel ch = new EmbeddedChannel(new NetcatLineDecoder(3));
    send(ch, "abcd\nxyz\n");
    NetcatLine cut = ch.readInbound();
    assertEquals("abc", text(cut));
    assertTrue(cut.truncated());
    assertEquals("xyz", text(ch.readInbound()));
    assertNull(ch.readInbound());
  }
}
