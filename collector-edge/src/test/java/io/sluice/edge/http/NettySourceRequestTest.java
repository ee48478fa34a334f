package io.sluice.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a handler reads of a request beyond its body: every header value, the names, the version. */
class NettySourceRequestTest {

  @Test
  void headersAreReadWithEveryValueAndEachSpellingOfANameOnce() {
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.POST, "/x?a=1",
        Unpooled.copiedBuffer("body", StandardCharsets.UTF_8));
    r.headers().add("X-Tag", "a").add("Content-Type", "text/plain").add("x-tag", "b")
        .add("X-Host", "h1");
    try {
      NettySourceRequest request = new NettySourceRequest(r, null);
      assertEquals(List.of("a", "b"), request.headers("X-TAG"));
      assertEquals(List.of(), request.headers("X-None"));
      assertEquals(List.of("X-Tag", "Content-Type", "x-tag", "X-Host"), request.headerNames());
      assertEquals("HTTP/1.0", request.protocol());
      assertNull(request.remoteAddress(), "no connection");
      assertNull(request.localAddress(), "no connection");
      assertFalse(request.secure());
      assertNull(request.sslSession());
    } finally {
      r.release();
    }
  }
}
