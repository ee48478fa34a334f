package io.sluice.edge.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits after the aggregator: counts the requests whose answer is still being made, closes the
 * connection on an idle event only when there is none (so a request waiting for room in the
 * channel keeps its connection, while an idle keep-alive connection or a stalled upload is
 * closed), and ends a connection whose peer sent something the pipeline cannot handle with one
 * log line. One instance per connection, on its event loop.
 */
final class IdleGuard extends ChannelDuplexHandler {
  private static final Logger LOG = LoggerFactory.getLogger(IdleGuard.class);
  private final String source;
  private final Runnable answered;
  private int inFlight;

  /** @param answered told of each answer written, in request order */
  IdleGuard(String source, Runnable answered) {
    this.source = source;
    this.answered = answered;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof FullHttpRequest) {
      inFlight++;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (msg instanceof FullHttpResponse && inFlight > 0) {
      inFlight--;
      answered.run();
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      if (inFlight == 0) {
        LOG.debug("HTTP source {}: closing idle connection from {}", source,
            ctx.channel().remoteAddress());
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
      LOG.info("HTTP source {}: closing connection from {}: TLS failure: {}", source,
          ctx.channel().remoteAddress(), cause.getMessage());
    } else if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
      // a peer that went away, also in the middle of a request: its business, not the agent's
      LOG.debug("HTTP source {}: connection from {} failed: {}", source,
          ctx.channel().remoteAddress(), cause.toString());
    } else {
      LOG.warn("HTTP source {}: closing connection from {}: {}", source,
          ctx.channel().remoteAddress(), cause.toString());
    }
    ctx.close();
  }
}
