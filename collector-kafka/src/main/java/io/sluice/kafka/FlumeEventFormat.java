package io.sluice.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import io.sluice.rpc.wire.AvroReader;
import io.sluice.rpc.wire.EventCodec;
import io.sluice.rpc.wire.RecentHeaderValues;
import io.sluice.rpc.wire.WireLimits;

/**
 * Flume's {@code AvroFlumeEvent} record ({@code map<string> headers; bytes body}) in Avro's binary
 * encoding without a container, exactly what Flume's Kafka components write with a
 * {@code SpecificDatumWriter} and a binary encoder ({@code useFlumeEventFormat},
 * {@code parseAsFlumeEvent}). Stateless.
 */
public final class FlumeEventFormat {
  /** Kafka's own record limit bounds the body; no batch limit applies to a single event. */
  private static final WireLimits LIMITS = new WireLimits(Integer.MAX_VALUE, 1, Integer.MAX_VALUE);

  private FlumeEventFormat() {}

  /** Encodes into an array of the exact encoded size: the body is copied once, into it. */
  public static byte[] encode(Event event) {
    return EventCodec.toBytes(event);
  }

  /**
   * Decodes one event that must fill {@code bytes} exactly.
   *
   * @throws IllegalArgumentException when the bytes are not one {@code AvroFlumeEvent}
   */
  public static Event decode(byte[] bytes) {
    return decode(bytes, null);
  }

  /**
   * As {@link #decode(byte[])}; header values equal to the previous record's at the same place come
   * from {@code recent} (the calling consumer's own) when it is not null.
   */
  public static Event decode(byte[] bytes, RecentHeaderValues recent) {
    if (bytes == null) {
      throw new IllegalArgumentException("a null record value is not an AvroFlumeEvent");
    }
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    try {
      Event event = EventCodec.readEvent(new AvroReader(buf), LIMITS, recent);
      if (buf.isReadable()) {
        throw new IllegalArgumentException(buf.readableBytes() + " bytes left after an AvroFlumeEvent");
      }
      return event;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an AvroFlumeEvent: " + e.getMessage(), e);
    } finally {
      buf.release();
    }
  }
}
