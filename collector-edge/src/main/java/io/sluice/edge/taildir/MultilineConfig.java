package io.sluice.edge.taildir;

import java.util.regex.Pattern;

/**
 * Joining lines into one event, with Filebeat's model: a line is a continuation when it matches
 * {@code pattern} (or, with {@code negate}, when it does not). With {@code match = after} a
 * continuation is appended to the line before it (stack traces: {@code ^\s}); with
 * {@code match = before} continuations are joined to the first line after them that is not one.
 *
 * @param pattern {@code multiline.pattern}
 * @param negate {@code multiline.negate} (false)
 * @param after {@code multiline.match} (after)
 * @param maxLines {@code multiline.maxLines} (500): further lines of the event are dropped, and it is flagged
 * @param timeoutMillis {@code multiline.timeout} (2000): an event idle this long is complete
 */
record MultilineConfig(Pattern pattern, boolean negate, boolean after, int maxLines, long timeoutMillis) {

  boolean isContinuation(byte[] line) {
    // ISO-8859-1 maps bytes one to one, so a pattern on ASCII text works on any encoding's bytes.
    return pattern.matcher(new String(line, java.nio.charset.StandardCharsets.ISO_8859_1)).find() != negate;
  }
}
