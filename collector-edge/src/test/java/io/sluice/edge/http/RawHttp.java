package io.sluice.edge.http;

import io.sluice.testpeers.HostilePeers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Reads HTTP/1.1 responses from a raw socket, for tests that must control the bytes sent. */
final class RawHttp {
  record Response(int status, Map<String, String> headers, String body) {}

  private RawHttp() {}

  static Socket connect(int port) throws IOException {
    return HostilePeers.connect(port, Duration.ofSeconds(20));
  }

  static void write(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  /** Reads one response (status line, headers, a Content-Length body). */
  static Response read(InputStream in) throws IOException {
    Response head = readHead(in);
    int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    return new Response(head.status(), head.headers(), body);
  }

  /** Reads the status line and headers of an answer to HEAD, which has no body whatever they say. */
  static Response readHead(InputStream in) throws IOException {
    String status = line(in);
    if (status == null) {
      throw new IOException("connection closed before a response");
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    String l;
    while ((l = line(in)) != null && !l.isEmpty()) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).trim(), l.substring(colon + 1).trim());
    }
    return new Response(Integer.parseInt(status.split(" ")[1]), headers, "");
  }

  /** True when the peer has closed: the next read sees end of stream (or a reset). */
  static boolean closedByPeer(InputStream in) throws IOException {
    return HostilePeers.closedWithNothingMore(in);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }
}
