package io.sluice.edge.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each complete request, on one of the source's handler threads (never an I/O thread, as a
 * commit may wait for room in the channel): 405 for a method other than POST, 400 for a request
 * the codec or the handler cannot read, else the handler's events go into the channels in one
 * transaction and the answer is 200 once it committed, 503 with {@code Retry-After} when a channel
 * is full (the sender retries; nothing is kept), 500 when the handler or an interceptor fails. A
 * full channel is logged once when refusals start (at most every 30 s) and once when the channel
 * accepts again. Shared by all connections; thread-safe.
 */
@Sharable
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

  private final String source;
  private final HttpSourceHandler handler;
  private final ChannelProcessor channelProcessor;
  private final HttpCounters counters;
  private final String retryAfter;
  private static final long WARN_EVERY_NANOS = 30_000_000_000L;
  /** Requests refused since the channel last accepted one; 0 outside a channel-full episode. */
  private final AtomicLong fullEpisode = new AtomicLong();
  /** When the last channel-full warning was logged (nanoTime), 0 before the first. */
  private final AtomicLong lastWarn = new AtomicLong();
  private volatile boolean warned;

  RequestHandler(String source, HttpSourceHandler handler, ChannelProcessor channelProcessor,
      HttpCounters counters, int retryAfterSeconds) {
    this.source = source;
    this.handler = handler;
    this.channelProcessor = channelProcessor;
    this.counters = counters;
    this.retryAfter = Integer.toString(retryAfterSeconds);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      counters.badRequest();
      Throwable cause = decoded.cause();
      HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
          ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
          : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
          : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
          : HttpResponseStatus.BAD_REQUEST;
      LOG.debug("HTTP source {}: unreadable request from {}: {}", source,
          ctx.channel().remoteAddress(), String.valueOf(cause));
      // the decoder discards everything after a bad message, so the connection cannot go on
      respond(ctx, request, status, "bad request: " + cause.getMessage(), true);
      return;
    }
    if (!HttpMethod.POST.equals(request.method())) {
      counters.methodNotAllowed();
      FullHttpResponse r = response(request, HttpResponseStatus.METHOD_NOT_ALLOWED,
          "only POST is accepted");
      r.headers().set(HttpHeaderNames.ALLOW, "POST");
      send(ctx, request, r, false);
      return;
    }
    List<Event> events;
    try {
      events = handler.getEvents(new NettySourceRequest(request));
    } catch (HttpBadRequestException e) {
      counters.badRequest();
      LOG.debug("HTTP source {}: bad request from {}: {}", source, ctx.channel().remoteAddress(),
          e.getMessage());
      respond(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage(), false);
      return;
    } catch (Exception | LinkageError e) {
      counters.failed();
      LOG.warn("HTTP source {}: handler failed on a request from {}", source,
          ctx.channel().remoteAddress(), e);
      respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR,
          "handler failed: " + e, false);
      return;
    }
    int n = events == null ? 0 : events.size();
    counters.received(n);
    try {
      if (n > 0) {
        channelProcessor.processEventBatch(events);
      }
    } catch (ChannelException e) {
      counters.channelFull();
      fullEpisode.incrementAndGet();
      long now = System.nanoTime();
      long last = lastWarn.get();
      if ((last == 0 || now - last >= WARN_EVERY_NANOS) && lastWarn.compareAndSet(last, now)) {
        warned = true;
        LOG.warn("HTTP source {}: the channel refused a request ({}); answering 503 with"
            + " Retry-After {} s until it accepts again", source, e.getMessage(), retryAfter);
      }
      FullHttpResponse r = response(request, HttpResponseStatus.SERVICE_UNAVAILABLE,
          (e instanceof ChannelFullException ? "channel full: " : "channel error: ")
              + e.getMessage());
      r.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
      send(ctx, request, r, false);
      return;
    } catch (RuntimeException e) {
      counters.failed();
      LOG.warn("HTTP source {}: putting {} events into the channels failed", source, n, e);
      respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "failed: " + e, false);
      return;
    }
    counters.accepted(n);
    long refused = fullEpisode.getAndSet(0);
    if (refused > 0 && warned) {
      warned = false;
      LOG.info("HTTP source {}: the channel accepts again after refusing {} requests", source,
          refused);
    }
    send(ctx, request, response(request, HttpResponseStatus.OK, ""), false);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("HTTP source {}: connection from {} failed: {}", source,
        ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  private void respond(ChannelHandlerContext ctx, FullHttpRequest request,
      HttpResponseStatus status, String message, boolean close) {
    send(ctx, request, response(request, status, message), close);
  }

  private static FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status,
      String message) {
    ByteBuf body = message.isEmpty() ? Unpooled.EMPTY_BUFFER
        : Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8);
    HttpVersion version = request.protocolVersion().equals(HttpVersion.HTTP_1_0)
        ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    FullHttpResponse r = new DefaultFullHttpResponse(version, status, body);
    if (body.isReadable()) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    }
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    return r;
  }

  private static void send(ChannelHandlerContext ctx, FullHttpRequest request,
      FullHttpResponse response, boolean close) {
    boolean keepAlive = !close && request.decoderResult().isSuccess()
        && HttpUtil.isKeepAlive(request);
    if (keepAlive) {
      if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ChannelFuture f = ctx.writeAndFlush(response);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
