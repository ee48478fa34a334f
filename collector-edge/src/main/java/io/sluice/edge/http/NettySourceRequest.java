package io.sluice.edge.http;

import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A {@link HttpSourceRequest} over Netty's aggregated request; the body is read in place (the
 * JSON handlers copy it once, into the array they parse). Valid while the request is retained.
 * Not thread-safe.
 */
final class NettySourceRequest implements HttpSourceRequest {
  private final FullHttpRequest request;
  private Map<String, List<String>> query;

  NettySourceRequest(FullHttpRequest request) {
    this.request = request;
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

  /** A copy of the body in one array (one copy, where a stream's readAllBytes makes several). */
  byte[] bodyBytes() {
    return ByteBufUtil.getBytes(request.content());
  }

  @Override
  public InputStream body() {
    return new ByteBufInputStream(request.content().duplicate(), false);
  }
}
