package io.sluice.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.sluice.core.metrics.MetricsRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The aggregator's buffer budget on one connection, without sockets. */
class BoundedAggregatorTest {

  @Test
  void aBodyRefusedForTheBudgetIsFreedAtOnceNotWhenItsConnectionCloses() {
    AtomicLong buffered = new AtomicLong();
    EmbeddedChannel channel = new EmbeddedChannel(new BoundedAggregator("r1", 10_000,
        new HttpCounters(new MetricsRegistry().group("r1")), buffered, 100, 1,
        new QuietWarnings(LoggerFactory.getLogger(BoundedAggregatorTest.class))));
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 300);
    channel.writeInbound(head);
    List<ByteBuf> parts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ByteBuf part = Unpooled.buffer(60).writeZero(60);
      parts.add(part);
      channel.writeInbound(new DefaultHttpContent(part));
    }

    // the second part passed the budget of 100: a 503 stands in for the request, in order
    RefusedRequest refused = assertInstanceOf(RefusedRequest.class, channel.readInbound());
    assertEquals(HttpResponseStatus.SERVICE_UNAVAILABLE, refused.status());
    assertNull(channel.readInbound());
    assertEquals(0, buffered.get());
    // and the 120 bytes that came are not held while the 503 waits behind earlier answers
    assertEquals(List.of(0, 0), parts.stream().map(ByteBuf::refCnt).toList());
    refused.release();
    channel.finishAndReleaseAll();
  }
}
