package io.sluice.edge.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's aggregator with {@code maxRequestBytes}: a request announcing a larger {@code
 * Content-Length} is answered 413 before its body is read, and a chunked one as soon as its
 * chunks pass the limit; what follows of an oversized body is discarded as it arrives (or the
 * connection closed), never kept. The 413 is not written here but answered in request order by
 * {@link HttpConnection}, through an {@link OversizedRequest} passed on. Counts each 413.
 *
 * <p>The bodies still arriving on all of a source's connections share {@code
 * maxBufferedRequestBytes} ({@link #buffered}): a body whose next bytes would pass it is answered
 * 503 with {@code Retry-After}, and its connection is closed, so many slow uploads cannot fill the
 * agent's memory. A body stops counting once it is whole (the connection is then not read until
 * it is answered, see {@link HttpConnection}) or its connection closes. One instance per
 * connection, on its event loop.
 */
final class BoundedAggregator extends HttpObjectAggregator {
  private static final Logger LOG = LoggerFactory.getLogger(BoundedAggregator.class);
  private final String source;
  private final HttpCounters counters;
  private final AtomicLong buffered;
  private final long budget;
  private final String retryAfter;
  private final QuietWarnings overBudget;
  /** Bytes of the body being aggregated, counted in {@link #buffered}. */
  private long charged;
  /** Answered 503 for the budget: the connection is closing, nothing more is counted. */
  private boolean refused;

  BoundedAggregator(String source, int maxRequestBytes, HttpCounters counters, AtomicLong buffered,
      long budget, int retryAfterSeconds, QuietWarnings overBudget) {
    super(maxRequestBytes, true);
    this.source = source;
    this.counters = counters;
    this.buffered = buffered;
    this.budget = budget;
    this.retryAfter = Integer.toString(retryAfterSeconds);
    this.overBudget = overBudget;
  }

  @Override
  protected void aggregate(FullHttpMessage aggregated, HttpContent content) throws Exception {
    if (refused) {
      return; // the rest of what one read brought, on a connection being closed
    }
    int n = content.content().readableBytes();
    charged += n;
    long now = buffered.addAndGet(n);
    if (now > budget) {
      throw new OverBudget(now);
    }
    super.aggregate(aggregated, content);
  }

  @Override
  protected void finishAggregation(FullHttpMessage aggregated) throws Exception {
    uncharge();
    super.finishAggregation(aggregated);
  }

  /**
   * Passes a bodiless {@link OversizedRequest} on instead of writing Netty's 413 here, so that the
   * 413 goes out after the answers to the connection's earlier requests; the aggregator throws
   * away the rest of the body as it arrives.
   */
  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized)
      throws Exception {
    uncharge();
    if (!(oversized instanceof HttpRequest request)) {
      super.handleOversizedMessage(ctx, oversized); // a server's decoder yields requests only
      return;
    }
    counters.tooLarge();
    LOG.debug("HTTP source {}: request from {} is larger than maxRequestBytes={}: 413", source,
        ctx.channel().remoteAddress(), maxContentLength());
    ctx.fireChannelRead(OversizedRequest.of(request, maxContentLength()));
  }

  /**
   * No {@code 100 Continue} and no 413 written here for an oversized request that expects one:
   * it goes to {@link #handleOversizedMessage} like the others, to be answered in order.
   */
  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength,
      ChannelPipeline pipeline) {
    if (HttpUtil.is100ContinueExpected(start) && isContentLengthInvalid(start, maxContentLength)) {
      return null;
    }
    return super.newContinueResponse(start, maxContentLength, pipeline);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    uncharge();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
    uncharge();
    super.handlerRemoved(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null
        ? cause.getCause() : cause;
    if (!(c instanceof OverBudget over)) {
      super.exceptionCaught(ctx, cause);
      return;
    }
    refused = true;
    uncharge();
    counters.overBudget();
    overBudget.warn("HTTP source {}: request bodies still arriving hold {} bytes, over"
        + " maxBufferedRequestBytes = {}: answering 503 to {} and closing its connection",
        source, over.held, budget, ctx.channel().remoteAddress());
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.copiedBuffer("too many request bodies"
            + " arriving at once (maxBufferedRequestBytes); retry\n", StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes())
        .set(HttpHeaderNames.RETRY_AFTER, retryAfter)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.channel().config().setAutoRead(false);
    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  private void uncharge() {
    if (charged > 0) {
      buffered.addAndGet(-charged);
      charged = 0;
    }
  }

  /** The budget ran out while a body was arriving. */
  private static final class OverBudget extends Exception {
    private static final long serialVersionUID = 1L;
    final long held;

    OverBudget(long held) {
      super(null, null, false, false);
      this.held = held;
    }
  }
}
