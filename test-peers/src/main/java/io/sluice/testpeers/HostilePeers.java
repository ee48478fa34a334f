package io.sluice.testpeers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A misbehaving peer on a raw socket, and the assertions on how a server ends it: closed (end of
 * stream or a reset) within the socket's read timeout, with one log line naming the peer. Every
 * wait is bounded by a read timeout or a deadline, never a sleep.
 */
public final class HostilePeers {
  private HostilePeers() {}

  /** Connects from 127.0.0.1 to {@code port} there; {@code readTimeout} bounds every read. */
  public static Socket connect(int port, Duration readTimeout) throws IOException {
    return connectFrom("127.0.0.1", port, readTimeout);
  }

  /** Connects from {@code localAddress} (e.g. 127.0.0.2, another peer to the server). */
  public static Socket connectFrom(String localAddress, int port, Duration readTimeout)
      throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(localAddress, 0));
    s.connect(new InetSocketAddress("127.0.0.1", port));
    s.setSoTimeout((int) readTimeout.toMillis());
    return s;
  }

  /**
   * A peer that will never read what the server sends: its receive buffer is set to
   * {@code receiveBufferBytes} before it connects, so the window stays small and the server's
   * writes back up quickly.
   */
  public static Socket connectNeverReading(int port, int receiveBufferBytes) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(receiveBufferBytes);
    s.connect(new InetSocketAddress("127.0.0.1", port));
    return s;
  }

  /**
   * How servers name a peer in their log lines: its address and port, e.g. 127.0.0.1:50312. A
   * closed socket keeps its port but reports the wildcard address, so it is named from 127.0.0.1
   * (where {@link #connect} connects from); name a {@link #connectFrom} peer while it is open.
   */
  public static String name(Socket s) {
    String address = s.isClosed() ? "127.0.0.1" : s.getLocalAddress().getHostAddress();
    return address + ":" + s.getLocalPort();
  }

  /** {@code n} random bytes from {@code seed}: the same garbage on every run. */
  public static byte[] randomBytes(int n, long seed) {
    byte[] garbage = new byte[n];
    new Random(seed).nextBytes(garbage);
    return garbage;
  }

  /** Sends {@code bytes}; a server that closes the connection before reading them all is fine. */
  public static void sendIgnoringClose(Socket s, byte[] bytes) {
    try {
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
    } catch (IOException closedWhileSending) {
      // the server may close as soon as it has seen enough
    }
  }

  /**
   * Reads and skips whatever the server still sends until it closes: true at end of stream or a
   * reset, false when the stream's read timeout passes first.
   */
  public static boolean closedByServer(InputStream in) throws IOException {
    byte[] buf = new byte[4096];
    try {
      while (in.read(buf) >= 0) {
        // replies or error text before the close are not what is asserted
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true; // a reset is a close too
    }
  }

  /** Fails unless the server closes {@code s} within its read timeout; what it sends is skipped. */
  public static void assertClosedByServer(Socket s) throws IOException {
    int timeout = s.getSoTimeout();
    if (!closedByServer(s.getInputStream())) {
      fail("the server kept " + name(s) + " open for " + timeout + " ms");
    }
  }

  /**
   * True when the next read sees end of stream or a reset: the server closed without sending
   * anything more. False when it sent a byte or the stream's read timeout passed.
   */
  public static boolean closedWithNothingMore(InputStream in) throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  /** {@link #closedWithNothingMore} within {@code wait}, which becomes the socket's read timeout. */
  public static boolean closedWithin(Socket s, Duration wait) {
    try {
      s.setSoTimeout((int) wait.toMillis());
      return closedWithNothingMore(s.getInputStream());
    } catch (IOException closed) {
      return true; // a socket that cannot even be read from any more is closed
    }
  }

  /** Fails unless the server closes {@code s} within its read timeout without sending a byte. */
  public static void assertClosedWithNothingMore(Socket s) throws IOException {
    int timeout = s.getSoTimeout();
    assertTrue(closedWithNothingMore(s.getInputStream()),
        "the server sent data to, or kept open for " + timeout + " ms, " + name(s));
  }

  /**
   * Waits up to {@code deadline} for a log line naming the peer {@code s}, then asserts there is
   * exactly one and that it says {@code what}.
   */
  public static void assertOneLogLine(LogLines log, Socket s, String what, Duration deadline) {
    String peer = name(s);
    await().atMost(deadline).until(() -> !log.containing(peer).isEmpty());
    List<String> lines = log.containing(peer);
    assertEquals(1, lines.size(), "exactly one line for " + peer + ": " + lines);
    assertTrue(lines.get(0).contains(what), "expected '" + what + "' in: " + lines.get(0));
  }
}
