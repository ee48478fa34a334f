package io.sluice.edge.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Stands in, after the aggregator, for a request it refused before the body was whole: over
 * {@code maxRequestBytes} (413), over {@code maxBufferedRequestBytes} (503 with {@code
 * Retry-After}) or expecting what the source cannot do (417). Its head without a body, so that
 * the refusal is answered by {@link HttpConnection} in request order like every other answer
 * (written at once, it would go out ahead of an earlier request's answer still being made, and
 * close the connection before it).
 */
final class RefusedRequest extends DefaultFullHttpRequest {
  private final HttpResponseStatus status;
  private final String reason;
  private final boolean closes;
  private final String retryAfter;

  private RefusedRequest(HttpRequest head, HttpResponseStatus status, String reason,
      boolean closes, String retryAfter) {
    super(head.protocolVersion(), head.method(), head.uri(), Unpooled.EMPTY_BUFFER,
        head.headers().copy(), EmptyHttpHeaders.INSTANCE);
    this.status = status;
    this.reason = reason;
    this.closes = closes;
    this.retryAfter = retryAfter;
  }

  /**
   * A request over {@code maxRequestBytes}. Its connection closes after the 413, as with Netty,
   * when part of the body was taken already (a chunked request that passed the limit), when the
   * client waits for {@code 100 Continue} and so will not send the body the decoder expects, or
   * when it did not ask for keep-alive; otherwise the body is thrown away as it arrives and the
   * connection goes on.
   */
  static RefusedRequest tooLarge(HttpRequest oversized, int limit) {
    boolean closes = oversized instanceof FullHttpMessage
        || HttpUtil.is100ContinueExpected(oversized) || !HttpUtil.isKeepAlive(oversized);
    return new RefusedRequest(oversized, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "request body larger than maxRequestBytes = " + limit, closes, null);
  }

  /**
   * A request expecting what the source cannot do (an {@code Expect} other than {@code
   * 100-continue}): 417, and its connection closes, as with Netty, since whether the client
   * sends the body is not known.
   */
  static RefusedRequest expectationFailed(HttpRequest head, String expect) {
    return new RefusedRequest(head, HttpResponseStatus.EXPECTATION_FAILED,
        "unsupported expectation '" + expect + "': only 100-continue is", true, null);
  }

  /** A request whose body would pass {@code maxBufferedRequestBytes}: 503, and its connection closes. */
  static RefusedRequest overBudget(HttpRequest head, String retryAfter) {
    return new RefusedRequest(head, HttpResponseStatus.SERVICE_UNAVAILABLE,
        "too many request bodies arriving at once (maxBufferedRequestBytes); retry", true,
        retryAfter);
  }

  HttpResponseStatus status() {
    return status;
  }

  /** The answer's text. */
  String reason() {
    return reason;
  }

  /** Whether the connection closes after the answer. */
  boolean closes() {
    return closes;
  }

  /** The {@code Retry-After} seconds, or null for none. */
  String retryAfter() {
    return retryAfter;
  }
}
