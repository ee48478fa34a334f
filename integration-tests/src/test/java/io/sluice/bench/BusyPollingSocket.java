package io.sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A load-generator connection that never sleeps: a non-blocking socket whose reads and writes
 * retry until they make progress. The generator then answers a reply the moment it arrives
 * instead of waiting to be woken, so a single connection's closed loop measures the target's
 * turnaround rather than the scheduler's. It keeps one core busy, so it suits runs with fewer
 * connections than cores. Not thread-safe.
 */
final class BusyPollingSocket implements AutoCloseable {
  private final SocketChannel channel;

  BusyPollingSocket(int port) throws IOException {
    channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    channel.socket().setTcpNoDelay(true);
    channel.configureBlocking(false);
  }

  InputStream input() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        ByteBuffer into = ByteBuffer.wrap(b, off, len);
        int n;
        while ((n = channel.read(into)) == 0) {
          Thread.onSpinWait();
        }
        return n;
      }
    };
  }

  OutputStream output() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer from = ByteBuffer.wrap(b, off, len);
        while (from.hasRemaining()) {
          if (channel.write(from) == 0) {
            Thread.onSpinWait();
          }
        }
      }
    };
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
