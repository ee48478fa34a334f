package io.sluice.rpc.client;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.sluice.rpc.wire.FrameDecoder;
import io.sluice.rpc.wire.FrameEncoder;
import io.sluice.rpc.wire.StreamLayers;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** The client pipeline, in Flume 1.11's order: zlib, TLS, frame codec, reply routing. */
final class ClientChannelInitializer extends ChannelInitializer<SocketChannel> {
  private final RpcClientConfig config;
  private final SslContext sslContext;
  private final ReplyRouter router;

  ClientChannelInitializer(RpcClientConfig config, SslContext sslContext, ReplyRouter router) {
    this.config = config;
    this.sslContext = sslContext;
    this.router = router;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    StreamLayers.addCompression(p, config.compression(), config.compressionLevel(),
        config.maxFrameBytes() + 65536);
    if (sslContext != null) {
      p.addLast("ssl", sslHandler(ch));
    }
    p.addLast("frameDecoder", new FrameDecoder(config.maxFrameBytes(), false, Duration.ZERO));
    p.addLast("frameEncoder", new FrameEncoder());
    p.addLast("replies", router);
  }

  private SslHandler sslHandler(SocketChannel ch) {
    SslHandler handler = sslContext.newHandler(ch.alloc(), config.host(), config.port());
    if (config.tls().verifyHostname() && !config.tls().trustAllCerts()) {
      SSLEngine engine = handler.engine();
      SSLParameters params = engine.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(params);
    }
    handler.setHandshakeTimeoutMillis(config.connectTimeout().toMillis());
    return handler;
  }
}
