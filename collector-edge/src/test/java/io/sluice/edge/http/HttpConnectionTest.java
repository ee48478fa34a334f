package io.sluice.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One connection's requests without sockets: what is committed, and when it is not. */
class HttpConnectionTest {
  private final List<Event> committed = new ArrayList<>();
  private final ChannelProcessor channels = new ChannelProcessor() {
    @Override
    public void processEvent(Event event) {
      committed.add(event);
    }

    @Override
    public void processEventBatch(List<Event> events) {
      committed.addAll(events);
    }

    @Override
    public boolean tryProcessEventBatchNow(List<Event> events) {
      committed.addAll(events); // a channel with room: committed on the I/O thread
      return true;
    }
  };

  private EmbeddedChannel connection() {
    RequestAnswers answers = new RequestAnswers("r1", new JsonHandler(), channels,
        new HttpCounters(new MetricsRegistry().group("r1")), 1);
    return new EmbeddedChannel(new HttpConnection("r1", answers, Runnable::run));
  }

  private static FullHttpRequest post(String json) {
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
        Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    return r;
  }

  @Test
  void aRequestDecodedAfterItsConnectionClosedIsNotCommitted() {
    EmbeddedChannel ch = connection();
    ch.writeInbound(post("[{\"body\":\"answered\"}]"));
    FullHttpResponse ok = ch.readOutbound();
    assertEquals(200, ok.status().code());
    ok.release();

    // the rest of a read whose connection closed while it was decoded: nobody gets an answer
    FullHttpRequest before = post("[{\"body\":\"before the close\"}]");
    FullHttpRequest late = post("[{\"body\":\"late\"}]");
    ch.pipeline().addFirst(new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object decoded) {
        ctx.fireChannelRead(before);
        ctx.close(); // inactive now; its handlers hear of it only after this read
        ctx.fireChannelRead(late);
      }
    });
    ch.writeOneInbound("one read");

    assertEquals(List.of("answered", "before the close"), committed.stream()
        .map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList());
    assertEquals(0, late.refCnt());
    ch.finishAndReleaseAll();
  }
}
