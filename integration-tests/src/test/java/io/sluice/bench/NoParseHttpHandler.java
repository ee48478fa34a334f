package io.sluice.bench;

import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import io.sluice.api.SmallHeaderMap;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor of {@code bench/run http --agents sluice,sluice-noparse,flume} (issue #19): an HTTP
 * source handler that never reads the body and answers each POST with the
 * {@value HttpSourceBench#EVENTS_PER_POST} events {@link HttpSourceBench}'s senders put in it, as
 * new event objects over one prebuilt body and one prebuilt header map. Everything but the JSON
 * parse stays real (Netty's decoding and aggregation, the channel's put and commit, the
 * counters, the answer), so the agent's events/s with it is the best any JSON handler could do on
 * this source. A bench fixture, never a product handler: its events ignore the request. The
 * header map is shared by all of them, which is safe only because nothing on the bench's path
 * (no interceptor, a null sink) changes headers. Thread-safe.
 */
public final class NoParseHttpHandler implements HttpSourceHandler {
  private final byte[] body = HttpSourceBench.BODY.getBytes(StandardCharsets.UTF_8);
  private final SmallHeaderMap headers = new SmallHeaderMap(2);

  public NoParseHttpHandler() {
    headers.append("host", HttpSourceBench.HOST);
    headers.append("app", HttpSourceBench.APP);
  }

  /** Only allocates: safe on the I/O thread, like the JSON handler it stands in for. */
  @Override
  public boolean nonBlocking() {
    return true;
  }

  @Override
  public List<Event> getEvents(HttpSourceRequest request) {
    List<Event> out = new ArrayList<>(HttpSourceBench.EVENTS_PER_POST);
    for (int i = 0; i < HttpSourceBench.EVENTS_PER_POST; i++) {
      out.add(new SimpleEvent(headers, body));
    }
    return out;
  }
}
