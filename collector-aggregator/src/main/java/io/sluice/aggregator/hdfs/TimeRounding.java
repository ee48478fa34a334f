package io.sluice.aggregator.hdfs;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Flume's {@code hdfs.round}/{@code roundValue}/{@code roundUnit}: a time is rounded down, in the
 * sink's time zone, so its second, minute or hour field is a multiple of the value and every
 * smaller field is zero (13:46:33 rounded to 10 minutes is 13:40:00). Immutable; thread-safe.
 *
 * @param unit {@link ChronoUnit#SECONDS}, {@link ChronoUnit#MINUTES} or {@link ChronoUnit#HOURS}
 * @param value the multiple, at least 1
 */
public record TimeRounding(ChronoUnit unit, int value) {
  /** No rounding. */
  public static final TimeRounding NONE = new TimeRounding(ChronoUnit.MILLIS, 1);

  public TimeRounding {
    if (value < 1) {
      throw new IllegalArgumentException("rounding value must be at least 1, got " + value);
    }
  }

  /** Parses Flume's unit names {@code second}, {@code minute}, {@code hour}. */
  public static ChronoUnit unitOf(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "second" -> ChronoUnit.SECONDS;
      case "minute" -> ChronoUnit.MINUTES;
      case "hour" -> ChronoUnit.HOURS;
      default -> throw new IllegalArgumentException("unknown rounding unit " + name);
    };
  }

  public long roundDown(long epochMillis, ZoneId zone) {
    if (unit == ChronoUnit.MILLIS) {
      return epochMillis;
    }
    ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(zone);
    ZonedDateTime r = switch (unit) {
      case SECONDS -> t.truncatedTo(ChronoUnit.SECONDS)
          .with(ChronoField.SECOND_OF_MINUTE, t.getSecond() / value * value);
      case MINUTES -> t.truncatedTo(ChronoUnit.MINUTES)
          .with(ChronoField.MINUTE_OF_HOUR, t.getMinute() / value * value);
      case HOURS -> t.truncatedTo(ChronoUnit.HOURS)
          .with(ChronoField.HOUR_OF_DAY, t.getHour() / value * value);
      default -> throw new IllegalStateException("unsupported unit " + unit);
    };
    return r.toInstant().toEpochMilli();
  }
}
