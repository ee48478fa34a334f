package io.sluice.flumecompat.bridge;

import java.io.IOException;
import java.io.InputStream;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;

/**
 * A request body, complete in memory, as a servlet's input stream: always ready, finished at its
 * end. Not for non-blocking reads: Flume's handlers run in a plain servlet, never asynchronously.
 */
final class ServletBodyStream extends ServletInputStream {
  private final InputStream body;
  private boolean finished;

  ServletBodyStream(InputStream body) {
    this.body = body;
  }

  @Override
  public int read() throws IOException {
    int b = body.read();
    finished |= b < 0;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = body.read(buffer, offset, length);
    finished |= n < 0;
    return n;
  }

  @Override
  public int available() throws IOException {
    return body.available();
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public void setReadListener(ReadListener listener) {
    throw new IllegalStateException("the request is not asynchronous");
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
