package io.sluice.core.avro;

import static io.sluice.core.avro.AvroFixture.drain;
import static io.sluice.core.avro.AvroFixture.events;
import static io.sluice.core.avro.AvroFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Channel;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.testutil.TestChannelProcessor;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding B2: an aggregator whose channel waits out its 3 s keep-alive and then fsyncs is
 * healthy, and the edge must wait for its answer instead of abandoning a batch the aggregator
 * still commits (which used to be sent again: a duplicate, and a new connection).
 */
class AvroSinkSlowCommitTest {
  private final AvroFixture fx = new AvroFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void aBatchTheNextHopCommitsInThreeAndAHalfSecondsIsDeliveredOnce() throws Exception {
    Channel down = fx.memoryChannel("down", 1000, 100);
    AtomicInteger calls = new AtomicInteger();
    ChannelProcessor delegate = new TestChannelProcessor(down);
    ChannelProcessor slow = new ChannelProcessor() {
      @Override
      public void processEvent(Event event) {
        processEventBatch(List.of(event));
      }

      @Override
      public void processEventBatch(List<Event> events) {
        calls.incrementAndGet();
        try {
          Thread.sleep(3_500); // keep-alive spent waiting for room, then the fsync
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        delegate.processEventBatch(events);
      }
    };
    AvroSource source = fx.source("r1", slow, Map.of());
    Channel up = fx.memoryChannel("up", 1000, 100);
    AvroSink sink = fx.sink("k1", up, source.boundPort(), Map.of(), Clock.systemUTC());
    put(up, events(0, 10));

    assertEquals(Status.READY, sink.process(), "the default reply wait outlasts the commit");

    assertEquals(1, calls.get(), "sent once, not abandoned and sent again");
    assertEquals(0, up.size());
    assertEquals(10, drain(down, 100).size());
    assertEquals(1, fx.value("SINK.k1", "ConnectionCreatedCount"), "no reconnect");
    assertEquals(0, fx.value("SINK.k1", "EventWriteFail"));
  }
}
