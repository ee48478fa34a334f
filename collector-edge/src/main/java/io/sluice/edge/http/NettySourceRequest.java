package io.sluice.edge.http;

import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.sluice.api.http.HttpSourceRequest;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSession;

/**
 * A {@link HttpSourceRequest} over Netty's aggregated request; the body is read in place (the
 * JSON handlers copy it once, into the array they parse). Valid while the request is retained.
 * Not thread-safe.
 */
final class NettySourceRequest implements HttpSourceRequest {
  private final FullHttpRequest request;
  private final Channel channel;
  private Map<String, List<String>> query;

  /** @param channel the request's connection (its addresses and TLS), or null when it has none */
  NettySourceRequest(FullHttpRequest request, Channel channel) {
    this.request = request;
    this.channel = channel;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String uri() {
    return request.uri();
  }

  @Override
  public Map<String, List<String>> queryParameters() {
    if (query == null) {
      // ';' is part of a value, as in the servlet API Flume's handlers read
      query = QueryStringDecoder.builder().semicolonIsNormalChar(true).build(request.uri())
          .parameters();
    }
    return query;
  }

  @Override
  public String header(String name) {
    return request.headers().get(name);
  }

  @Override
  public List<String> headers(String name) {
    return request.headers().getAll(name);
  }

  @Override
  public List<String> headerNames() {
    Set<String> names = new LinkedHashSet<>();
    request.headers().forEach(h -> names.add(h.getKey()));
    return new ArrayList<>(names);
  }

  @Override
  public String protocol() {
    return request.protocolVersion().text();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return channel == null ? null : inet(channel.remoteAddress());
  }

  @Override
  public InetSocketAddress localAddress() {
    return channel == null ? null : inet(channel.localAddress());
  }

  @Override
  public boolean secure() {
    return channel != null && channel.pipeline().get(SslHandler.class) != null;
  }

  @Override
  public SSLSession sslSession() {
    SslHandler tls = channel == null ? null : channel.pipeline().get(SslHandler.class);
    return tls == null ? null : tls.engine().getSession();
  }

  private static InetSocketAddress inet(SocketAddress a) {
    return a instanceof InetSocketAddress i ? i : null;
  }

  @Override
  public String charset() {
    CharSequence cs = HttpUtil.getCharsetAsSequence(request);
    if (cs == null) {
      return null;
    }
    String s = cs.toString().trim();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1).trim();
    }
    return s.isEmpty() ? null : s;
  }

  @Override
  public int bodyLength() {
    return request.content().readableBytes();
  }

  /** As the client sent it: {@link BoundedAggregator} leaves a chunked request without one. */
  @Override
  public long contentLength() {
    return HttpUtil.getContentLength(request, -1L); // the decoder has checked its value
  }

  /** A copy of the body in one array (one copy, where a stream's readAllBytes makes several). */
  byte[] bodyBytes() {
    return ByteBufUtil.getBytes(request.content());
  }

  @Override
  public InputStream body() {
    return new ByteBufInputStream(request.content().duplicate(), false);
  }
}
