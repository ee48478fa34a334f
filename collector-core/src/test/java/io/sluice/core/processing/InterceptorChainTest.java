package io.sluice.core.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterceptorChainTest {
  private final List<String> calls = new ArrayList<>();

  private Interceptor recording(String name, boolean failStart) {
    return new Interceptor() {
      @Override
      public Event intercept(Event event) {
        calls.add(name + ".intercept");
        return event;
      }

      @Override
      public void start() {
        calls.add(name + ".start");
        if (failStart) {
          throw new IllegalStateException(name + " cannot start");
        }
      }

      @Override
      public void stop() {
        calls.add(name + ".stop");
      }
    };
  }

  @Test
  void startsInOrderStopsInReverseAndInterceptsInOrder() throws Exception {
    InterceptorChain chain = new InterceptorChain("r1",
        List.of(recording("a", false), recording("b", false)));
    chain.start();
    chain.intercept(List.of(Event.of(new byte[0])));
    chain.stop();
    assertEquals(List.of("a.start", "b.start", "a.intercept", "b.intercept", "b.stop", "a.stop"), calls);
  }

  @Test
  void failedStartStopsThoseAlreadyStarted() {
    InterceptorChain chain = new InterceptorChain("r1",
        List.of(recording("a", false), recording("b", true), recording("c", false)));
    IllegalStateException e = assertThrows(IllegalStateException.class, chain::start);
    assertEquals("b cannot start", e.getMessage());
    assertEquals(List.of("a.start", "b.start", "a.stop"), calls);
  }

  @Test
  void laterInterceptorsSkipAnEmptyBatch() {
    Interceptor dropAll = e -> null;
    InterceptorChain chain = new InterceptorChain("r1", List.of(dropAll, recording("b", false)));
    List<Event> out = chain.intercept(List.of(Event.of(new byte[0])));
    assertEquals(0, out.size());
    assertEquals(List.of(), calls);
  }
}
