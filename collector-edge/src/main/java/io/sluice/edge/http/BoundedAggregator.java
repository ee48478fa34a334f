package io.sluice.edge.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's aggregator with {@code maxRequestBytes}: a request announcing a larger {@code
 * Content-Length} is answered 413 before its body is read, and a chunked one as soon as its
 * chunks pass the limit; what follows of an oversized body is discarded as it arrives (or the
 * connection closed), never kept. The 413 is not written here but answered in request order by
 * {@link HttpConnection}, through a {@link RefusedRequest} passed on. Counts each 413.
 *
 * <p>The request bodies of all of a source's connections share {@code maxBufferedRequestBytes}
 * ({@link #buffered}), from their first byte until they are answered (a whole body is held, and
 * parsed, until its commit): a body whose next bytes would pass it is answered 503 with {@code
 * Retry-After} (in order, through a {@link RefusedRequest} too), and its connection is closed, so
 * many slow uploads or slow commits cannot fill the agent's memory. The whole request keeps the
 * framing headers its client sent ({@link SentFraming}). One instance per connection, on its
 * event loop.
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
  /**
   * The bytes of each whole body passed on and not answered yet, in request order (0 for a
   * refusal's stand-in): they stay counted until {@link #answered}, since they are held (and
   * parsed into events) until the commit.
   */
  private final ArrayDeque<Long> unanswered = new ArrayDeque<>();
  /** Answered 503 for the budget: the connection is closing, nothing more is read. */
  private boolean refused;
  private final SentFraming sent = new SentFraming();
  /** The request starting now expects what the source cannot do: 417, through the refusal path. */
  private boolean expectationFailed;

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

  /**
   * After a 503 for the budget the connection only waits for that answer to go out and close it:
   * whatever else it sends (the rest of the refused body, later requests) is dropped unread, so
   * nothing of it is held, passed on or committed.
   */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    if (refused) {
      return; // Netty's aggregator would ask for the rest of the refused body
    }
    super.channelReadComplete(ctx);
  }

  @Override
  protected void aggregate(FullHttpMessage aggregated, HttpContent content) throws Exception {
    int n = content.content().readableBytes();
    charged += n;
    long now = buffered.addAndGet(n);
    if (now > budget) {
      throw new OverBudget(now, RefusedRequest.overBudget((HttpRequest) aggregated, retryAfter));
    }
    super.aggregate(aggregated, content);
  }

  @Override
  protected void finishAggregation(FullHttpMessage aggregated) throws Exception {
    unanswered.addLast(charged);
    charged = 0;
    super.finishAggregation(aggregated);
    sent.restore(aggregated);
  }

  /** The connection's oldest request was answered: its body no longer counts. */
  void answered() {
    Long bytes = unanswered.pollFirst();
    if (bytes != null && bytes > 0) {
      buffered.addAndGet(-bytes);
    }
  }

  /**
   * Passes a bodiless {@link RefusedRequest} on instead of writing Netty's 413 here, so that the
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
    if (expectationFailed) {
      expectationFailed = false;
      String expect = request.headers().get(HttpHeaderNames.EXPECT);
      LOG.debug("HTTP source {}: request from {} expects '{}': 417", source,
          ctx.channel().remoteAddress(), expect);
      unanswered.addLast(0L);
      ctx.fireChannelRead(RefusedRequest.expectationFailed(request, expect));
      return;
    }
    counters.tooLarge();
    LOG.debug("HTTP source {}: request from {} is larger than maxRequestBytes={}: 413", source,
        ctx.channel().remoteAddress(), maxContentLength());
    unanswered.addLast(0L);
    ctx.fireChannelRead(RefusedRequest.tooLarge(request, maxContentLength()));
  }

  /**
   * Nothing is written here out of request order. Netty's aggregator would answer at once: 417
   * for an expectation other than {@code 100-continue} (which goes to {@link
   * #handleOversizedMessage} instead, like an oversized request, to be answered in order), 413 for
   * an oversized request that expects {@code 100 Continue} (the same), and {@code 100 Continue}
   * itself, which is sent only while no earlier request of the connection waits for its answer
   * (a client that gets none sends its body after its own wait, as HTTP lets it). Every request's
   * start comes here first, before the aggregator touches its headers: they are noted as sent.
   */
  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength,
      ChannelPipeline pipeline) {
    sent.note(start);
    expectationFailed = unsupportedExpectation(start);
    if (expectationFailed || !unanswered.isEmpty()
        || HttpUtil.is100ContinueExpected(start) && isContentLengthInvalid(start, maxContentLength)) {
      return null;
    }
    return super.newContinueResponse(start, maxContentLength, pipeline);
  }

  /** A refused expectation takes the oversized path: its body is thrown away as it arrives. */
  @Override
  protected boolean isContentLengthInvalid(HttpMessage start, int maxContentLength) {
    return expectationFailed || super.isContentLengthInvalid(start, maxContentLength);
  }

  /** An {@code Expect} of HTTP/1.1 or later other than {@code 100-continue} (1.0 ignores it). */
  private static boolean unsupportedExpectation(HttpMessage start) {
    String expect = start.headers().get(HttpHeaderNames.EXPECT);
    return expect != null && start.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0
        && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    unchargeAll();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
    unchargeAll();
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
    releaseCurrentMessage(); // the part of the body that came: no longer counted, so not kept
    counters.overBudget();
    overBudget.warn("HTTP source {}: request bodies still arriving hold {} bytes, over"
        + " maxBufferedRequestBytes = {}: answering 503 to {} and closing its connection",
        source, over.held, budget, ctx.channel().remoteAddress());
    // the rest of the body is not wanted: the connection closes once the 503 is out, in order
    ctx.channel().config().setAutoRead(false);
    unanswered.addLast(0L);
    ctx.fireChannelRead(over.standIn);
  }

  private void uncharge() {
    if (charged > 0) {
      buffered.addAndGet(-charged);
      charged = 0;
    }
  }

  /** The connection is gone: neither the body arriving nor those waiting count any more. */
  private void unchargeAll() {
    uncharge();
    while (!unanswered.isEmpty()) {
      answered();
    }
  }

  /** The budget ran out while a body was arriving. */
  private static final class OverBudget extends Exception {
    private static final long serialVersionUID = 1L;
    final long held;
    final transient RefusedRequest standIn;

    OverBudget(long held, RefusedRequest standIn) {
      super(null, null, false, false);
      this.held = held;
      this.standIn = standIn;
    }
  }
}
