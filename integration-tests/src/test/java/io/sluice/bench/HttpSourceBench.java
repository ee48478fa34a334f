package io.sluice.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run http}: Flume 1.11.0's {@code http} source and Sluice's, with the default
 * JSONHandler, loaded by senders that each POST, on one keep-alive connection, a JSON array of 100
 * events in Flume's format (two headers, a 100-byte body), pre-encoded once, and wait for the
 * answer. A 503 (channel full) is counted and the same POST sent again after 10 ms, so an event
 * is counted as sent once it was answered 200. Options: see {@link NetworkSourceBench}; agent
 * {@code sluice-noparse} ({@code --agents sluice,sluice-noparse,flume}) is the same Sluice agent
 * with {@link NoParseHttpHandler}, the floor without a JSON parse. Not a test.
 */
public final class HttpSourceBench {
  static final int EVENTS_PER_POST = 100;
  /** Each event's 100-byte body and two headers. */
  static final String BODY = "GET /index.html HTTP/1.1 200 " + "x".repeat(71);
  static final String HOST = "web-01.example.com";
  static final String APP = "nginx";

  private HttpSourceBench() {}

  public static void main(String[] args) throws Exception {
    NetworkSourceBench.main(new NetworkSourceBench.Load() {
      @Override
      public String title() {
        return "http (JSONHandler, " + EVENTS_PER_POST + " events per POST)";
      }

      @Override
      public String sourceConfig(int port) {
        return "type = http\nbind = 127.0.0.1\nport = " + port + "\n";
      }

      @Override
      public Map<String, String> variants() {
        return Map.of("sluice-noparse", "handler = " + NoParseHttpHandler.class.getName() + "\n");
      }

      @Override
      public NetworkSourceBench.Sender sender(int port) {
        return new PostSender(port);
      }
    }, args);
  }

  static byte[] request(int port) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < EVENTS_PER_POST; i++) {
      json.append(i == 0 ? "" : ",").append("{\"headers\":{\"host\":\"").append(HOST)
          .append("\",\"app\":\"").append(APP).append("\"},\"body\":\"").append(BODY)
          .append("\"}");
    }
    byte[] content = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    byte[] head = NetworkSourceBench.ascii("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: " + content.length
        + "\r\n\r\n");
    byte[] all = new byte[head.length + content.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(content, 0, all, head.length, content.length);
    return all;
  }

  private static final class PostSender implements NetworkSourceBench.Sender {
    private final int port;
    private final byte[] request;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] line = new byte[8192];
    private long refused;

    PostSender(int port) {
      this.port = port;
      this.request = request(port);
    }

    @Override
    public int sendOnce() throws IOException {
      while (true) {
        if (socket == null) {
          socket = new Socket(InetAddress.getLoopbackAddress(), port);
          socket.setTcpNoDelay(true);
          out = socket.getOutputStream();
          in = new BufferedInputStream(socket.getInputStream(), 8192);
        }
        out.write(request);
        out.flush();
        int status = readResponse();
        if (status == 200) {
          return EVENTS_PER_POST;
        }
        if (status != 503) {
          throw new IOException("the agent answered " + status);
        }
        refused++;
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }

    /**
     * Reads one response (Content-Length or chunked body); reconnects next time if asked to. The
     * head is parsed from bytes in a reused buffer, so the sender's own cost per POST stays small
     * next to the agent's (the senders share the agents' 2 cores).
     */
    private int readResponse() throws IOException {
      int n = line();
      int status = n >= 12 ? (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0') : -1;
      if (status < 100 || status > 599) {
        throw new IOException("not an HTTP status line: " + text(n));
      }
      long length = 0;
      boolean chunked = false;
      boolean close = false;
      while ((n = line()) > 0) {
        if (startsWith(n, "content-length:")) {
          length = Long.parseLong(text(n).substring(15).trim());
        } else if (startsWith(n, "transfer-encoding:")) {
          chunked = text(n).toLowerCase(Locale.ROOT).contains("chunked");
        } else if (startsWith(n, "connection:")) {
          close = text(n).toLowerCase(Locale.ROOT).contains("close");
        }
      }
      if (chunked) {
        long size;
        while ((size = Long.parseLong(text(line()).split(";")[0].trim(), 16)) > 0) {
          skip(size + 2);
        }
        while (line() > 0) {
          // trailers
        }
      } else {
        skip(length);
      }
      if (close) {
        socket.close();
        socket = null;
      }
      return status;
    }

    /** Reads one line into {@link #line} without its CR LF; returns its length. */
    private int line() throws IOException {
      int n = 0;
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("the agent closed the connection");
        }
        if (c != '\r' && n < line.length) {
          line[n++] = (byte) c;
        }
      }
      return n;
    }

    private boolean startsWith(int n, String lowerCasePrefix) {
      if (n < lowerCasePrefix.length()) {
        return false;
      }
      for (int i = 0; i < lowerCasePrefix.length(); i++) {
        if (Character.toLowerCase(line[i]) != lowerCasePrefix.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private String text(int n) {
      return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    private void skip(long n) throws IOException {
      while (n > 0) {
        long k = in.skip(n);
        if (k <= 0) {
          if (in.read() < 0) {
            throw new IOException("the agent closed the connection");
          }
          k = 1;
        }
        n -= k;
      }
    }

    @Override
    public long refused() {
      return refused;
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.close();
      }
    }
  }
}
