package io.sluice.flumecompat.bridge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Request header names as a servlet container that knows the standard headers reports them
 * ({@code getHeaderNames()}, Jetty 9.4's way): a standard header in its usual spelling however the
 * client wrote it ({@code content-type} is {@code Content-Type}), any other as sent, each spelling
 * once.
 */
final class HeaderNames {
  private static final Map<String, String> STANDARD = Stream.of("Accept", "Accept-Charset",
      "Accept-Encoding", "Accept-Language", "Accept-Ranges", "Age", "Allow", "Authorization",
      "Cache-Control", "Connection", "Content-Encoding", "Content-Language", "Content-Length",
      "Content-Location", "Content-MD5", "Content-Range", "Content-Type", "Cookie", "Date", "ETag",
      "Expect", "Expires", "Forwarded", "From", "Host", "If-Match", "If-Modified-Since",
      "If-None-Match", "If-Range", "If-Unmodified-Since", "Keep-Alive", "Last-Modified", "Location",
      "Max-Forwards", "MIME-Version", "Negotiate", "Origin", "Pragma", "Proxy-Authenticate",
      "Proxy-Authorization", "Proxy-Connection", "Range", "Referer", "Request-Range",
      "Retry-After", "Sec-WebSocket-Accept", "Sec-WebSocket-Extensions", "Sec-WebSocket-Key",
      "Sec-WebSocket-Protocol", "Sec-WebSocket-Version", "Server", "Set-Cookie", "Set-Cookie2",
      "Strict-Transport-Security", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "User-Agent",
      "Vary", "Via", "Warning", "WWW-Authenticate", "X-Forwarded-For", "X-Forwarded-Host",
      "X-Forwarded-Port", "X-Forwarded-Proto", "X-Forwarded-Server", "X-Powered-By",
      "HTTP2-Settings")
      .collect(Collectors.toUnmodifiableMap(n -> n.toLowerCase(Locale.ROOT), Function.identity()));

  private HeaderNames() {}

  /** {@code name} in its standard spelling, or as given when it is not a standard header. */
  static String spelling(String name) {
    return STANDARD.getOrDefault(name.toLowerCase(Locale.ROOT), name);
  }

  /** The names as sent, standard ones respelt, each spelling once, in order. */
  static List<String> of(List<String> sent) {
    Set<String> names = new LinkedHashSet<>();
    for (String n : sent) {
      names.add(spelling(n));
    }
    return new ArrayList<>(names);
  }
}
