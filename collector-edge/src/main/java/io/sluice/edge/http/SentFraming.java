package io.sluice.edge.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import java.util.List;
import java.util.Map;

/**
 * A request's headers as its client sent them, put back on the whole request after Netty's
 * aggregator has rewritten its framing: it drops {@code chunked} from {@code Transfer-Encoding}
 * and {@code Expect} once it has answered it, and adds a {@code Content-Length}. A handler then
 * sees the headers a servlet container shows (a Flume handler's {@code getContentLength()} is -1
 * for a chunked body, as in Jetty). Only such requests are copied; the usual one, with a {@code
 * Content-Length} and neither of the others, is left alone. One instance per connection, on its
 * event loop.
 */
final class SentFraming {
  private List<Map.Entry<String, String>> sent;

  /** Before the aggregator sees {@code start}'s headers. */
  void note(HttpMessage start) {
    HttpHeaders h = start.headers();
    sent = h.contains(HttpHeaderNames.EXPECT) || h.contains(HttpHeaderNames.TRANSFER_ENCODING)
        || !h.contains(HttpHeaderNames.CONTENT_LENGTH) ? h.entries() : null;
  }

  /** Once the aggregator has finished {@code whole}: its headers as they were sent. */
  void restore(HttpMessage whole) {
    if (sent == null) {
      return;
    }
    HttpHeaders h = whole.headers().clear();
    for (Map.Entry<String, String> e : sent) {
      h.add(e.getKey(), e.getValue());
    }
    sent = null;
  }
}
