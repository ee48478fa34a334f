package io.sluice.core.processing.interceptor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Parses a group as a date-time and yields its epoch milliseconds (Flume's
 * {@code RegexExtractorInterceptorMillisSerializer}). Patterns are {@link DateTimeFormatter}
 * patterns, close to Flume's Joda ones for the usual fields. A value without a zone is read in the
 * given zone; a date without a time is the start of that day. Immutable, thread-safe.
 */
public final class MillisSerializer implements GroupSerializer {
  private final DateTimeFormatter formatter;
  private final ZoneId zone;

  /** @throws IllegalArgumentException when the pattern is invalid */
  public MillisSerializer(String pattern, ZoneId zone) {
    this.formatter = DateTimeFormatter.ofPattern(pattern).withZone(zone);
    this.zone = zone;
  }

  /** @throws java.time.DateTimeException when the group does not fit the pattern */
  @Override
  public String serialize(String group) {
    TemporalAccessor parsed = formatter.parse(group);
    long millis = parsed.isSupported(ChronoField.INSTANT_SECONDS)
        ? Instant.from(parsed).toEpochMilli()
        : LocalDate.from(parsed).atStartOfDay(zone).toInstant().toEpochMilli();
    return Long.toString(millis);
  }
}
