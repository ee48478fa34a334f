package io.sluice.api.http;

import io.sluice.api.Event;
import java.util.List;
import java.util.Map;

/**
 * Turns one HTTP request into the events of one channel transaction: Sluice's counterpart of
 * Flume's {@code HTTPSourceHandler}. The {@code http} source's {@code handler} key names a built-in
 * handler ({@code org.apache.flume.source.http.JSONHandler}, {@code ndjson}, {@code
 * org.apache.flume.sink.solr.morphline.BlobHandler}) or the fully-qualified name of a class
 * implementing this interface, found on the classpath (plugins.d) like any component class; a
 * class built against Flume's {@code HTTPSourceHandler} runs through the Flume-API adapter
 * ({@link HttpSourceHandlerResolver}).
 *
 * <p>A handler class needs a public no-argument constructor. The source makes one instance,
 * calls {@link #configure} once with the {@code handler.*} keys, then calls {@link #getEvents}
 * from several threads at once: implementations must be thread-safe. The request body is already
 * complete and within the source's {@code maxRequestBytes} when {@link #getEvents} runs.
 */
public interface HttpSourceHandler {

  /**
   * The source's {@code handler.*} keys, prefix removed ({@code handler.maxBlobLength} arrives as
   * {@code maxBlobLength}). Called once, at configuration time and again before the source starts.
   *
   * @throws IllegalArgumentException for a bad value; the message becomes a configuration problem
   */
  default void configure(Map<String, String> properties) {}

  /**
   * True when {@link #getEvents} only computes (never waits for I/O, a lock or another thread), so
   * the source may run it on the connection's network I/O thread and, when the channel has room,
   * commit there without a thread hop. False by default: the request then goes to the source's
   * handler threads, where waiting is harmless.
   */
  default boolean nonBlocking() {
    return false;
  }

  /**
   * True when GET and HEAD requests come to {@link #getEvents} too, as Flume's HTTP source hands
   * them to its handlers (one written for Flume may serve GETs, query-string beacons say; a servlet
   * serves HEAD as a GET whose answer has no body); false by default: they are answered 405, like
   * every method but POST.
   */
  default boolean takesGet() {
    return false;
  }

  /**
   * The events of one request, all committed in one transaction (an empty list answers 200 and
   * commits nothing).
   *
   * @throws HttpBadRequestException when the request is malformed: the client gets 400 with the
   *     message
   * @throws Exception anything else: the client gets 500
   */
  List<Event> getEvents(HttpSourceRequest request) throws Exception;
}
