package io.sluice.edge.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a TCP syslog stream into messages, choosing the framing per message: RFC 6587 octet
 * counting ({@code <len> SP <msg>}) when a message starts with a length, a space and the {@code <}
 * of a {@code <PRI>}, otherwise Flume's LF-delimited framing (a CR before the LF is dropped with
 * it). Empty lines are skipped, as in Flume.
 *
 * <p>Memory stays bounded by {@code eventSize} plus one read: a line with no LF within
 * {@code eventSize} bytes yields its first {@code eventSize} bytes as an {@code Incomplete}
 * message and the rest of that line is read as the next message (Flume's behaviour: not a
 * syslog header, so Invalid), never as an octet count or as a stranger's bytes; an octet-counted message
 * longer than {@code eventSize} yields its first {@code eventSize} bytes as {@code Incomplete}
 * and the rest is discarded as it arrives, never buffered. A message that has no {@code <PRI>} and
 * holds NUL or other C0 control bytes is not syslog text: it is a {@link PeerFault}. Unterminated
 * text left when the connection closes is one last message: {@code Incomplete} when it is an
 * octet-counted message with fewer bytes than its count, or when the source closed the
 * connection ({@link #closingHere}), whole when the peer did (a last line sent without its LF;
 * Flume drops it). One instance per connection, used on its event loop only.
 */
final class SyslogFrameDecoder extends ByteToMessageDecoder {
  private static final int NEED_MORE = -2;
  private static final int NOT_COUNTED = -1;
  private static final int MAX_COUNT_DIGITS = 9;

  private final int eventSize;
  private int octets = -1;
  private long skip;
  private boolean broken;
  /** True after a line was cut at eventSize, until its LF: what follows is the rest of it. */
  private boolean restOfLine;
  /** The source, not the peer, closes the connection: an unterminated tail is cut short. */
  private boolean closedHere;

  SyslogFrameDecoder(int eventSize) {
    this.eventSize = eventSize;
  }

  /**
   * Called on the event loop before the source closes the connection itself (a fault, an idle
   * peer, a stop): a message begun and not ended then is {@code Incomplete}, not taken as whole.
   */
  void closingHere() {
    closedHere = true;
  }

  /** True while part of a message has been read and the rest has not. */
  boolean midMessage() {
    return octets >= 0 || skip > 0 || actualReadableBytes() > 0;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (broken) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (true) {
      if (skip > 0) {
        int n = (int) Math.min(skip, in.readableBytes());
        in.skipBytes(n);
        skip -= n;
        if (skip > 0) {
          return;
        }
      }
      if (octets < 0) {
        while (in.isReadable() && in.getByte(in.readerIndex()) == '\n') {
          in.skipBytes(1);
          restOfLine = false;
        }
        if (!in.isReadable()) {
          return;
        }
        byte first = in.getByte(in.readerIndex());
        if (!restOfLine && first >= '1' && first <= '9') {
          int count = readCount(in);
          if (count == NEED_MORE) {
            return;
          }
          octets = count; // NOT_COUNTED (-1) leaves it LF-delimited
        }
      }
      if (octets >= 0) {
        int take = Math.min(octets, eventSize);
        if (in.readableBytes() < take) {
          return;
        }
        boolean cut = octets > eventSize;
        skip = (long) octets - take;
        octets = -1;
        out.add(frame(in, take, cut));
        continue;
      }
      // room for a CRLF after a message of eventSize bytes
      int start = in.readerIndex();
      int window = Math.min(in.readableBytes(), eventSize + 2);
      int lf = in.indexOf(start, start + window, (byte) '\n');
      // a CRLF ends the line as an LF does: the CR is not part of the message
      int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
      if (lf >= 0 && end - start <= eventSize) {
        if (end > start) { // a CRLF alone is an empty line: skipped, as an LF alone is
          out.add(frame(in, end - start, false));
        }
        in.readerIndex(lf + 1);
        restOfLine = false;
      } else if (lf >= 0 || in.readableBytes() > eventSize + 1 || in.readableBytes() > eventSize
          && in.getByte(start + eventSize) != '\r') { // longer than eventSize: cut there
        out.add(frame(in, eventSize, true));
        restOfLine = true;
      } else {
        return;
      }
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    decode(ctx, in, out);
    if (!broken && skip == 0 && in.isReadable()) {
      // the last line, sent without its LF (or with a lone CR); or an octet-counted message cut
      // short by the close, or any message the source's own close cut short
      boolean cutShort = octets >= 0 || closedHere;
      int length = in.readableBytes();
      if (octets < 0 && in.getByte(in.writerIndex() - 1) == '\r') {
        length--;
      }
      octets = -1;
      if (length > 0) {
        out.add(frame(in, length, cutShort));
      }
    }
    in.skipBytes(in.readableBytes());
  }

  /**
   * Consumes {@code <digits> SP} when a {@code <PRI>} follows (an octet-counted message is a
   * syslog message, so it starts with one; a plain line such as {@code 100 items done} is not a
   * count) and returns the count, or NEED_MORE / NOT_COUNTED.
   */
  private static int readCount(ByteBuf in) {
    int start = in.readerIndex();
    int end = start + Math.min(in.readableBytes(), MAX_COUNT_DIGITS + 1);
    long count = 0;
    for (int i = start; i < end; i++) {
      byte b = in.getByte(i);
      if (b >= '0' && b <= '9') {
        count = count * 10 + (b - '0');
        continue;
      }
      if (b != ' ' || i == start) {
        return NOT_COUNTED;
      }
      if (i + 1 == in.writerIndex()) {
        return NEED_MORE; // the byte that tells is not here yet
      }
      if (in.getByte(i + 1) != '<') {
        return NOT_COUNTED;
      }
      in.readerIndex(i + 1);
      return (int) count;
    }
    return end - start > MAX_COUNT_DIGITS ? NOT_COUNTED : NEED_MORE;
  }

  private SyslogFrame frame(ByteBuf in, int length, boolean cut) {
    byte[] bytes = new byte[length];
    in.readBytes(bytes);
    if (!restOfLine && isGarbage(bytes)) { // a cut line's rest belongs to a message that had <PRI>
      broken = true;
      throw new PeerFault("sent " + length + " bytes that are not syslog text (no <PRI>, control bytes)");
    }
    return new SyslogFrame(bytes, cut);
  }

  /** No {@code <PRI>} at the start and a NUL or C0 control byte other than TAB, LF, VT, FF, CR, ESC. */
  static boolean isGarbage(byte[] b) {
    if (hasPri(b)) {
      return false;
    }
    for (byte x : b) {
      if ((x >= 0 && x <= 8) || (x >= 0x0E && x <= 0x1A) || (x >= 0x1C && x <= 0x1F)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasPri(byte[] b) {
    if (b.length < 3 || b[0] != '<') {
      return false;
    }
    int i = 1;
    while (i < b.length && i <= 4 && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i > 1 && i <= 4 && i < b.length && b[i] == '>';
  }
}
