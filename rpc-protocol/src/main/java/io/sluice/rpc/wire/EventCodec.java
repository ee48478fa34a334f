package io.sluice.rpc.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import io.sluice.api.SmallHeaderMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code AvroFlumeEvent {map<string> headers; bytes body;}} and arrays of them, to and from
 * {@link Event}. Decoding enforces {@link WireLimits}. Stateless.
 */
public final class EventCodec {
  /** An event takes at least two bytes: an empty header map and an empty body. */
  private static final int MIN_EVENT_BYTES = 2;
  /**
   * Header names Flume's and Sluice's sources set on most events (the Kafka source's five, the
   * timestamp and host interceptors', TAILDIR's and the spooling directory's): decoded to one
   * shared string each, two objects fewer per such header of every event decoded.
   */
  private static final KnownStrings HEADER_NAMES =
      KnownStrings.of("timestamp", "topic", "partition", "offset", "key", "host", "file", "basename");

  private EventCodec() {}

  /**
   * Writes {@code event}: the header map as one block of the entries its walk gives (never a count
   * taken from {@code size()} apart from the walk), each string encoded once, then the body.
   *
   * @throws IllegalArgumentException for a header with a null value, naming it
   */
  public static void writeEvent(AvroWriter out, Event event) {
    encodeHeaders(event).writeTo(out);
    out.writeBytes(event.getBody());
  }

  /**
   * The bytes {@link #writeEvent} writes for {@code event}, in an array of exactly their size: each
   * header string is encoded once (the common names never, {@link KnownStrings#utf8}) and the body
   * copied once, into the array.
   *
   * @throws IllegalArgumentException for a header with a null value, naming it
   */
  public static byte[] toBytes(Event event) {
    EncodedHeaders headers = encodeHeaders(event);
    byte[] body = event.getBody();
    byte[] out = new byte[headers.encodedSize() + AvroWriter.sizeOfBytes(body.length)];
    // A wrapped buffer cannot grow past the array, so a wrong size fails here, never silently.
    ByteBuf buf = Unpooled.wrappedBuffer(out).clear();
    AvroWriter writer = new AvroWriter(buf);
    headers.writeTo(writer);
    writer.writeBytes(body);
    if (buf.writerIndex() != out.length) {
      throw new IllegalStateException("an AvroFlumeEvent took " + buf.writerIndex()
          + " bytes, not the " + out.length + " computed");
    }
    return out;
  }

  /**
   * Walks the map through its own {@code forEach}, so a map that keeps its entries in fields or one
   * array is walked without an entry object per header (or a copy of the map).
   */
  private static EncodedHeaders encodeHeaders(Event event) {
    Map<String, String> map = event.getHeaders();
    EncodedHeaders headers = new EncodedHeaders(HEADER_NAMES, map.size());
    map.forEach(headers);
    return headers;
  }

  public static void writeEvents(AvroWriter out, List<Event> events) {
    if (!events.isEmpty()) {
      out.writeLong(events.size());
      for (Event e : events) {
        writeEvent(out, e);
      }
    }
    out.writeLong(0);
  }

  public static Event readEvent(AvroReader in, WireLimits limits) {
    return readEvent(in, limits, null);
  }

  /**
   * As {@link #readEvent(AvroReader, WireLimits)}; header values equal to the previous event's at
   * the same place come from {@code recent} (the caller's own, one per decoding thread) when it is
   * not null.
   */
  public static Event readEvent(AvroReader in, WireLimits limits, RecentHeaderValues recent) {
    // The map is the event's own (no copy). Most events carry a few headers or none: a few get a
    // SmallHeaderMap, none gets no map at all (SimpleEvent makes one only if asked for it).
    Map<String, String> headers = null;
    int start = in.remaining();
    long count = 0;
    int place = 0;
    for (long n = in.readBlockCount("headers", 2); n != 0; n = in.readBlockCount("headers", 2)) {
      count += n;
      if (count > limits.maxHeadersPerEvent()) {
        throw new PeerViolationException("sent an event with more than "
            + limits.maxHeadersPerEvent() + " headers (maxHeadersPerEvent)");
      }
      if (headers == null) {
        headers = count <= SmallHeaderMap.MAX_BUILT ? new SmallHeaderMap((int) count) : new HashMap<>();
      } else if (count > SmallHeaderMap.MAX_BUILT && headers instanceof SmallHeaderMap) {
        headers = new HashMap<>(headers); // a peer's many small blocks: no linear search past a few
      }
      for (long i = 0; i < n; i++) {
        String key = in.readString("header name", in.remaining(), HEADER_NAMES);
        headers.put(key, recent == null ? in.readString("header value", in.remaining())
            : in.readString("header value", in.remaining(), recent, place, key));
        place++;
        // checked per header, so at most one header past the limit is ever decoded
        if (start - in.remaining() > limits.maxHeaderBytesPerEvent()) {
          throw new PeerViolationException("sent an event whose headers take more than "
              + limits.maxHeaderBytesPerEvent() + " bytes (maxHeaderBytesPerEvent)");
        }
      }
    }
    byte[] body = in.readBytes("event body (maxEventBytes)", limits.maxEventBytes());
    return new SimpleEvent(headers, body);
  }

  public static List<Event> readEvents(AvroReader in, WireLimits limits) {
    List<Event> events = null;
    for (long n = in.readBlockCount("events", MIN_EVENT_BYTES); n != 0;
        n = in.readBlockCount("events", MIN_EVENT_BYTES)) {
      int have = events == null ? 0 : events.size();
      if (have + n > limits.maxEventsPerBatch()) {
        throw new PeerViolationException("sent a batch of more than " + limits.maxEventsPerBatch()
            + " events (maxEventsPerBatch)");
      }
      if (events == null) {
        events = new ArrayList<>((int) n); // n is bounded by the bytes really received
      }
      for (long i = 0; i < n; i++) {
        events.add(readEvent(in, limits));
      }
    }
    return events == null ? new ArrayList<>() : events;
  }
}
