package io.sluice.edge.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's aggregator with {@code maxRequestBytes}: a request announcing a larger {@code
 * Content-Length} is answered 413 before its body is read, and a chunked one as soon as its
 * chunks pass the limit; what follows of an oversized body is discarded as it arrives (or the
 * connection closed), never kept. Counts each 413. One instance per connection.
 */
final class BoundedAggregator extends HttpObjectAggregator {
  private static final Logger LOG = LoggerFactory.getLogger(BoundedAggregator.class);
  private final String source;
  private final HttpCounters counters;

  BoundedAggregator(String source, int maxRequestBytes, HttpCounters counters) {
    super(maxRequestBytes, true);
    this.source = source;
    this.counters = counters;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized)
      throws Exception {
    counters.tooLarge();
    LOG.debug("HTTP source {}: request from {} is larger than maxRequestBytes={}: 413", source,
        ctx.channel().remoteAddress(), maxContentLength());
    super.handleOversizedMessage(ctx, oversized);
  }
}
