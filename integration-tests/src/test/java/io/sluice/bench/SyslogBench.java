package io.sluice.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * {@code bench/run syslog}: Flume 1.11.0's {@code syslogtcp} source and Sluice's, loaded over TCP
 * with newline-framed RFC 5424 lines (120 bytes with the LF), written by each sender in blocks of
 * 1,000 lines with blocking writes, so a source that stops reading slows its senders. Flume puts
 * every line in its own channel transaction and drops it when the channel stays full for
 * {@code keep-alive} seconds; Sluice stops reading instead, so its drops should be 0. Options:
 * see {@link NetworkSourceBench}. Not a test.
 */
public final class SyslogBench {
  static final int LINES_PER_WRITE = 1000;

  private SyslogBench() {}

  public static void main(String[] args) throws Exception {
    NetworkSourceBench.main(new NetworkSourceBench.Load() {
      @Override
      public String title() {
        return "syslogtcp (RFC 5424 over TCP, LF-framed)";
      }

      @Override
      public String sourceConfig(int port) {
        return "type = syslogtcp\nhost = 127.0.0.1\nport = " + port + "\n";
      }

      @Override
      public NetworkSourceBench.Sender sender(int port) {
        return new LineSender(port);
      }
    }, args);
  }

  /** One line of {@code length} bytes, LF included: a realistic access-log message. */
  static byte[] line(int length) {
    byte[] head = NetworkSourceBench.ascii("<134>1 2026-12-04T03:00:00.123456Z web-01.example.com"
        + " nginx 4242 ACCESS - GET /index.html HTTP/1.1 200 ");
    byte[] l = Arrays.copyOf(head, length);
    Arrays.fill(l, head.length, length - 1, (byte) 'x');
    l[length - 1] = '\n';
    return l;
  }

  private static final class LineSender implements NetworkSourceBench.Sender {
    private final int port;
    private final byte[] block;
    private Socket socket;
    private OutputStream out;

    LineSender(int port) {
      this.port = port;
      byte[] one = line(120);
      block = new byte[one.length * LINES_PER_WRITE];
      for (int i = 0; i < LINES_PER_WRITE; i++) {
        System.arraycopy(one, 0, block, i * one.length, one.length);
      }
    }

    @Override
    public int sendOnce() throws IOException {
      if (socket == null) {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        out = socket.getOutputStream();
      }
      out.write(block);
      return LINES_PER_WRITE;
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.shutdownOutput(); // the agent reads what was sent before it sees the end
        socket.close();
      }
    }
  }
}
