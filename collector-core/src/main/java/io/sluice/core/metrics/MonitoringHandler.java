package io.sluice.core.metrics;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request per connection, then closes it: a request the decoder could not parse gets
 * 400, any method but GET 405, and a route that fails 500 with the failure logged.
 */
final class MonitoringHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(MonitoringHandler.class);
  private static final String TEXT = "text/plain; charset=utf-8";

  private final MonitoringRoutes routes;

  MonitoringHandler(MonitoringRoutes routes) {
    this.routes = routes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    MonitoringRoutes.Response r;
    if (!request.decoderResult().isSuccess()) {
      r = MonitoringRoutes.Response.of(400, TEXT, "bad request\n");
    } else if (!HttpMethod.GET.equals(request.method())) {
      r = MonitoringRoutes.Response.of(405, TEXT, "only GET is served\n");
    } else {
      String uri = request.uri();
      int q = uri.indexOf('?');
      String path = q >= 0 ? uri.substring(0, q) : uri;
      try {
        r = routes.get(path, request.headers().get(HttpHeaderNames.ACCEPT));
      } catch (Exception | LinkageError e) {
        LOG.error("Monitoring endpoint {} failed", path, e);
        r = MonitoringRoutes.Response.of(500, TEXT, "internal error: " + e + "\n");
      }
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (r.status() == 405) {
      response.headers().set(HttpHeaderNames.ALLOW, "GET");
    }
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Monitoring connection from {} failed: {}", ctx.channel().remoteAddress(),
        cause.toString());
    ctx.close();
  }
}
