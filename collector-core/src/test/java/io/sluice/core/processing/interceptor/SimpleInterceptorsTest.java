package io.sluice.core.processing.interceptor;

import static io.sluice.core.processing.Components.configure;
import static io.sluice.core.processing.Components.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigException;
import io.sluice.api.spi.InterceptorFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header-setting interceptors: timestamp, host, static and uuid. */
class SimpleInterceptorsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC);

  private static <C> Interceptor create(InterceptorFactory<C> f, Map<String, String> raw)
      throws Exception {
    return f.create(configure(f, raw), context(CLOCK));
  }

  private static Event event(Map<String, String> headers) {
    return Event.of(headers, new byte[0]);
  }

  @Test
  void timestampSetsClockMillisOverwritingByDefault() throws Exception {
    Interceptor i = create(new TimestampInterceptorFactory(), Map.of());
    Event e = i.intercept(event(Map.of("timestamp", "1")));
    assertEquals("1700000000123", e.getHeaders().get("timestamp"));
  }

  @Test
  void timestampCanPreserveAndRename() throws Exception {
    Interceptor i = create(new TimestampInterceptorFactory(),
        Map.of("headerName", "ts", "preserveExisting", "true"));
    assertEquals("1", i.intercept(event(Map.of("ts", "1"))).getHeaders().get("ts"));
    assertEquals("1700000000123", i.intercept(event(Map.of())).getHeaders().get("ts"));
  }

  @Test
  void timestampRejectsNonBoolean() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> create(new TimestampInterceptorFactory(), Map.of("preserveExisting", "yes")));
    assertEquals("preserveExisting", e.problems().get(0).key());
  }

  @Test
  void hostDefaultsToIpAddressAndOverwrites() throws Exception {
    Interceptor i = create(new HostInterceptorFactory(), Map.of());
    Event e = i.intercept(event(Map.of("host", "old")));
    assertEquals(InetAddress.getLocalHost().getHostAddress(), e.getHeaders().get("host"));
  }

  @Test
  void hostCanUseNameAndPreserve() throws Exception {
    Interceptor i = create(new HostInterceptorFactory(),
        Map.of("hostHeader", "h", "useIP", "false", "preserveExisting", "true"));
    assertEquals(InetAddress.getLocalHost().getCanonicalHostName(),
        i.intercept(event(Map.of())).getHeaders().get("h"));
    assertEquals("kept", i.intercept(event(Map.of("h", "kept"))).getHeaders().get("h"));
  }

  @Test
  void staticDefaultsAndPreservesByDefault() throws Exception {
    Interceptor i = create(new StaticInterceptorFactory(), Map.of());
    assertEquals("value", i.intercept(event(Map.of())).getHeaders().get("key"));
    assertEquals("mine", i.intercept(event(Map.of("key", "mine"))).getHeaders().get("key"));
  }

  @Test
  void staticOverwritesWhenNotPreserving() throws Exception {
    Interceptor i = create(new StaticInterceptorFactory(),
        Map.of("key", "dc", "value", "eu-1", "preserveExisting", "false"));
    assertEquals("eu-1", i.intercept(event(Map.of("dc", "us"))).getHeaders().get("dc"));
  }

  @Test
  void staticRejectsEmptyKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> create(new StaticInterceptorFactory(), Map.of("key", " ")));
    assertEquals("key", e.problems().get(0).key());
  }

  @Test
  void uuidAddsDistinctPrefixedIdsAndPreservesByDefault() throws Exception {
    Interceptor i = create(new UuidInterceptorFactory(), Map.of("prefix", "edge1-"));
    String a = i.intercept(event(Map.of())).getHeaders().get("id");
    String b = i.intercept(event(Map.of())).getHeaders().get("id");
    assertTrue(a.matches("edge1-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), a);
    assertNotEquals(a, b);
    assertEquals("x", i.intercept(event(Map.of("id", "x"))).getHeaders().get("id"));
  }

  @Test
  void uuidOverwritesWhenNotPreserving() throws Exception {
    Interceptor i = create(new UuidInterceptorFactory(),
        Map.of("headerName", "eventId", "preserveExisting", "false"));
    String id = i.intercept(event(Map.of("eventId", "x"))).getHeaders().get("eventId");
    assertEquals(36, id.length());
  }
}
