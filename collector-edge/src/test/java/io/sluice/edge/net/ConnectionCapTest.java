package io.sluice.edge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConnectionCapTest {
  private final AtomicInteger refusals = new AtomicInteger();
  private final ConnectionCap cap = new ConnectionCap(LoggerFactory.getLogger(ConnectionCapTest.class),
      "Source s1", 2, refusals::incrementAndGet);

  @Test
  void oneConnectionPastTheMaxIsClosedAndCountedAndAClosedOneFreesItsPlace() {
    EmbeddedChannel first = new EmbeddedChannel(cap.newGuard());
    EmbeddedChannel second = new EmbeddedChannel(cap.newGuard());
    assertEquals(2, cap.open());

    EmbeddedChannel third = new EmbeddedChannel(cap.newGuard());
    assertFalse(third.isOpen());
    assertEquals(1, refusals.get());
    assertEquals(2, cap.open());

    first.close();
    assertEquals(1, cap.open());
    EmbeddedChannel fourth = new EmbeddedChannel(cap.newGuard());
    assertTrue(fourth.isOpen());
    assertEquals(2, cap.open());
    assertTrue(second.isOpen());

    // a refused connection's close does not free a place it never had
    third.close();
    assertEquals(2, cap.open());
  }
}
