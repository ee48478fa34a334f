package io.sluice.flumecompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.spi.ComponentKind;
import io.sluice.api.spi.InterceptorFactory;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.registry.ComponentRegistry.Lookup;
import io.sluice.core.runtime.DefaultComponentContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Flume interceptor is blocking for Sluice unless its config says {@code sluice.nonBlocking =
 * true}; the key does not change what the interceptor does (Flume's Context just carries it).
 */
class FlumeInterceptorNonBlockingTest {

  @SuppressWarnings("unchecked")
  private static Interceptor interceptor(Map<String, String> keys) throws Exception {
    Lookup found = new FlumeComponentResolver(new FlumeCompatSettings(FlumePluginJar.apiDir(),
        List.of())).resolve(ComponentKind.INTERCEPTOR, "search_replace",
        FlumeInterceptorNonBlockingTest.class.getClassLoader());
    assertTrue(found.found(), String.valueOf(found.error()));
    var f = (InterceptorFactory<FlumeComponentConfig>) found.factory();
    ConfigParser.Result r = ConfigParser.parse(f.configDef(), keys, "");
    assertTrue(r.ok(), r.problems().toString());
    return f.create(f.configure(r.values()), DefaultComponentContext.builder("a1", "i1",
        new MetricsRegistry().group("INTERCEPTOR.i1")).build());
  }

  @Test
  void onlyAnInterceptorDeclaredNonBlockingRunsOnTheSourcesIoThread() throws Exception {
    Map<String, String> keys = Map.of("searchPattern", "^", "replaceString", "n-");
    assertFalse(interceptor(keys).nonBlocking(), "someone else's code may wait");
    Map<String, String> declared = new HashMap<>(keys);
    declared.put("sluice.nonBlocking", "true");
    Interceptor i = interceptor(declared);
    assertTrue(i.nonBlocking());
    i.start();
    try {
      Event e = Event.of("1".getBytes(StandardCharsets.UTF_8));
      assertEquals("n-1", new String(i.intercept(List.of(e)).get(0).getBody(), StandardCharsets.UTF_8));
    } finally {
      i.stop();
    }
  }
}
