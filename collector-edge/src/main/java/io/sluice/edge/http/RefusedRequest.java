package io.sluice.edge.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Stands in, after the aggregator, for a request over {@code maxRequestBytes}: its head without a
 * body, so that its 413 is answered by {@link HttpConnection} in request order like every other
 * answer (Netty's aggregator would write it at once, ahead of an earlier request's answer still
 * being made, and close the connection because reads were paused for that request).
 */
final class OversizedRequest extends DefaultFullHttpRequest {
  private final int limit;
  private final boolean closes;

  private OversizedRequest(HttpRequest head, int limit, boolean closes) {
    super(head.protocolVersion(), head.method(), head.uri(), Unpooled.EMPTY_BUFFER,
        head.headers().copy(), EmptyHttpHeaders.INSTANCE);
    this.limit = limit;
    this.closes = closes;
  }

  /**
   * The stand-in for {@code oversized}. Its connection closes after the 413, as with Netty, when
   * part of the body was taken already (a chunked request that passed the limit), when the client
   * waits for {@code 100 Continue} and so will not send the body the decoder expects, or when it
   * did not ask for keep-alive; otherwise the body is thrown away as it arrives and the connection
   * goes on.
   */
  static OversizedRequest of(HttpRequest oversized, int limit) {
    boolean closes = oversized instanceof FullHttpMessage
        || HttpUtil.is100ContinueExpected(oversized) || !HttpUtil.isKeepAlive(oversized);
    return new OversizedRequest(oversized, limit, closes);
  }

  /** The {@code maxRequestBytes} it is over. */
  int limit() {
    return limit;
  }

  /** Whether the connection closes after its 413. */
  boolean closes() {
    return closes;
  }
}
