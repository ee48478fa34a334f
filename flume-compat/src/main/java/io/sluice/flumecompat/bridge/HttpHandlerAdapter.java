package io.sluice.flumecompat.bridge;

import io.sluice.api.Event;
import io.sluice.api.http.HttpBadRequestException;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceRequest;
import java.util.List;
import java.util.Map;
import org.apache.flume.Context;
import org.apache.flume.source.http.HTTPBadRequestException;
import org.apache.flume.source.http.HTTPSourceHandler;

/**
 * A Flume {@code HTTPSourceHandler} as the {@code http} source's handler: configured as Flume's
 * source configures it (a {@code Context} of the {@code handler.*} keys, nothing else), given a
 * {@link ServletRequestView} of each request, its {@code HTTPBadRequestException} answered 400 as
 * Flume answers it. Runs on the source's handler threads (Sluice cannot know whether someone
 * else's code waits). Thread-safe as the Flume handler is: Flume calls it from every Jetty thread.
 */
final class HttpHandlerAdapter implements HttpSourceHandler {
  private final HTTPSourceHandler flume;

  HttpHandlerAdapter(HTTPSourceHandler flume) {
    this.flume = flume;
  }

  @Override
  public void configure(Map<String, String> properties) {
    try {
      Contexts.runWithLoaderOf(flume.getClass(), () -> flume.configure(new Context(properties)));
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalArgumentException(flume.getClass().getName()
          + " refuses its handler.* properties: " + e, e);
    }
  }

  /** Flume's source serves a GET as a POST: the handler may have been written for them. */
  @Override
  public boolean takesGet() {
    return true;
  }

  @Override
  public List<Event> getEvents(HttpSourceRequest request) throws Exception {
    // the handler's own loader as the context loader, as for configure(): what it loads through
    // the context loader (ServiceLoader, a JSON library) must be its classes, not copies
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    t.setContextClassLoader(flume.getClass().getClassLoader());
    List<org.apache.flume.Event> events;
    try {
      events = flume.getEvents(new ServletRequestView(request));
    } catch (HTTPBadRequestException e) {
      throw new HttpBadRequestException(e.getMessage(), e);
    } catch (ServletPath.BadPath e) {
      throw new HttpBadRequestException(e.getMessage(), e);
    } finally {
      t.setContextClassLoader(before);
    }
    return events == null ? List.of() : Events.toSluice(events);
  }

  @Override
  public String toString() {
    return "Flume HTTP source handler " + flume.getClass().getName();
  }
}
