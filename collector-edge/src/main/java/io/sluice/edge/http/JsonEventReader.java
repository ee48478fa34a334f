package io.sluice.edge.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import io.sluice.api.SmallHeaderMap;
import io.sluice.api.http.HttpBadRequestException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads Flume's JSON events ({@code {"headers":{...},"body":"..."}}) from one request body with
 * Jackson's streaming parser (made by {@link JsonEvents#open}). Header values and the body may be
 * strings, numbers or booleans (taken as text, as Gson does); a null header is left out; a missing
 * or null body is empty; other fields are skipped. The body becomes the string's bytes in the
 * request charset, as in Flume's {@code JSONEvent}; a plain ASCII body in a UTF-8 request is
 * copied from the request's bytes once Jackson has decoded it, without encoding the text back.
 * Used by one thread.
 */
final class JsonEventReader implements Closeable {
  private static final byte[] EMPTY = new byte[0];
  private final JsonParser p;
  private final Charset charset;
  /** The UTF-8 bytes {@link #p} parses from index 0, or null for another charset. */
  private final byte[] utf8;
  /** A headers object's names and values, pairwise, until its map is made. */
  private String[] pairs = new String[16];
  private static final int FEW_NAMES = 8;
  /** The names read so far, once a headers object has more than {@link #FEW_NAMES}. */
  private Set<String> names;
  /**
   * The name and value of the previous event's header at each place in its headers object, so
   * that a value repeated from event to event (as log headers mostly are) is given as the same
   * String rather than a new copy of Jackson's characters.
   */
  private final String[] lastNames = new String[8];
  private final String[] lastValues = new String[8];

  JsonEventReader(JsonParser p, Charset charset, byte[] utf8) {
    this.p = p;
    this.charset = charset;
    this.utf8 = utf8;
  }

  /** Reads a JSON array of events (Flume's JSONHandler format); the whole body must be one array. */
  void readArray(Consumer<Event> out) throws HttpBadRequestException {
    try {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new HttpBadRequestException("empty request body: expected a JSON array of events");
      }
      if (t != JsonToken.START_ARRAY) {
        throw bad(p, "expected a JSON array of events, found " + describe(t));
      }
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.START_OBJECT) {
          throw bad(p, "expected an event object, found " + describe(t));
        }
        out.accept(readEvent());
      }
      if (p.nextToken() != null) {
        throw bad(p, "data after the array of events");
      }
    } catch (JsonProcessingException e) {
      throw bad(e);
    } catch (IOException e) {
      throw new HttpBadRequestException("cannot read the request body: " + e.getMessage(), e);
    }
  }

  /** Reads events one per top-level JSON object (NDJSON, or any whitespace between objects). */
  void readSequence(Consumer<Event> out) throws HttpBadRequestException {
    try {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_OBJECT) {
          throw bad(p, "expected an event object, found " + describe(t));
        }
        out.accept(readEvent());
      }
    } catch (JsonProcessingException e) {
      throw bad(e);
    } catch (IOException e) {
      throw new HttpBadRequestException("cannot read the request body: " + e.getMessage(), e);
    }
  }

  /** Reads one event; the parser is on its START_OBJECT and ends on its END_OBJECT. */
  private Event readEvent() throws IOException, HttpBadRequestException {
    Map<String, String> headers = null;
    byte[] body = EMPTY;
    String field;
    // Field names come from Jackson's symbol table (canonical instances), so a name costs no String.
    while ((field = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      if ("headers".equals(field)) {
        if (v == JsonToken.VALUE_NULL) {
          continue;
        }
        if (v != JsonToken.START_OBJECT) {
          throw bad(p, "\"headers\" must be an object, found " + describe(v));
        }
        headers = readHeaders();
      } else if ("body".equals(field)) {
        if (v == JsonToken.VALUE_STRING) {
          body = stringBytes();
        } else {
          String s = scalar(p, v, "\"body\"");
          body = s == null ? EMPTY : s.getBytes(charset);
        }
      } else {
        p.skipChildren();
      }
    }
    return new SimpleEvent(headers == null ? new HashMap<>() : headers, body);
  }

  /**
   * Reads a headers object (the parser is on its START_OBJECT) into a map sized for its entries,
   * so that a map never grows while it is filled: a {@link SmallHeaderMap} for the usual few, a
   * {@code HashMap} beyond; a null value is left out, and a repeated name is a bad request, as
   * with Flume's Gson.
   */
  private Map<String, String> readHeaders() throws IOException, HttpBadRequestException {
    int n = 0;
    String name;
    for (int place = 0; (name = p.nextFieldName()) != null; place++) {
      JsonToken t = p.nextToken();
      String value = t == JsonToken.VALUE_STRING ? text(name, place)
          : scalar(p, t, "header \"" + name + "\"");
      if (repeated(name, n)) { // Flume's Gson refuses a map with a repeated key
        clearPairs(n);
        throw bad(p, "header \"" + name + "\" appears twice in one event");
      }
      if (value == null) {
        continue;
      }
      if (2 * n + 2 > pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
      pairs[2 * n] = name;
      pairs[2 * n + 1] = value;
      n++;
    }
    Map<String, String> headers = n <= SmallHeaderMap.MAX_BUILT ? new SmallHeaderMap(n)
        : new HashMap<>((int) (n / 0.75f) + 1);
    for (int i = 0; i < n; i++) {
      headers.put(pairs[2 * i], pairs[2 * i + 1]);
    }
    clearPairs(n);
    return headers;
  }

  /**
   * Whether {@code name} is among the first {@code n} names of the headers object being read: a
   * look at each while they are few (the usual case, no allocation), a set beyond, so that a
   * body of many thousand names costs linear time, not quadratic.
   */
  private boolean repeated(String name, int n) {
    if (n <= FEW_NAMES) {
      for (int i = 0; i < n; i++) {
        if (pairs[2 * i].equals(name)) {
          return true;
        }
      }
      return false;
    }
    if (names == null) {
      names = new HashSet<>();
      for (int i = 0; i < n; i++) {
        names.add(pairs[2 * i]);
      }
    }
    return !names.add(name);
  }

  private void clearPairs(int n) {
    Arrays.fill(pairs, 0, 2 * n, null);
    names = null;
  }

  /** The current string token's text; the previous event's String when it is the same. */
  private String text(String name, int place) throws IOException {
    char[] chars = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    if (place >= lastValues.length) {
      return new String(chars, off, len);
    }
    String last = lastValues[place];
    if (lastNames[place] == name && last.length() == len) { // names are canonical instances
      int i = 0;
      while (i < len && last.charAt(i) == chars[off + i]) {
        i++;
      }
      if (i == len) {
        return last;
      }
    }
    String value = new String(chars, off, len);
    lastNames[place] = name;
    lastValues[place] = value;
    return value;
  }

  /**
   * The current string token's text as bytes in the request charset, as in Flume's {@code
   * JSONEvent}. Jackson decodes the string once; when each of its characters came from exactly
   * one byte of a UTF-8 body (no escape, no multi-byte character) the bytes between the quotes
   * are already that text's UTF-8 and are copied as they are, with no second pass over them.
   */
  private byte[] stringBytes() throws IOException {
    int chars = p.getTextLength();
    if (chars == 0) {
      return EMPTY;
    }
    if (utf8 != null) {
      long open = p.currentTokenLocation().getByteOffset();
      long close = p.currentLocation().getByteOffset() - 1;
      if (open >= 0 && close - open - 1 == chars && close < utf8.length
          && isQuote(utf8[(int) open]) && utf8[(int) close] == utf8[(int) open]) {
        return Arrays.copyOfRange(utf8, (int) open + 1, (int) close);
      }
    }
    return p.getText().getBytes(charset);
  }

  private static boolean isQuote(byte b) {
    return b == '"' || b == '\'';
  }

  @Override
  public void close() throws IOException {
    p.close();
  }

  private static String scalar(JsonParser p, JsonToken t, String what)
      throws IOException, HttpBadRequestException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == null || t.isStructStart()) {
      throw bad(p, what + " must be a string, found " + describe(t));
    }
    return p.getText();
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the body";
    }
    return switch (t) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
    };
  }

  private static HttpBadRequestException bad(JsonParser p, String message) {
    return new HttpBadRequestException("invalid request: " + message + at(p.currentLocation()));
  }

  private static HttpBadRequestException bad(JsonProcessingException e) {
    return new HttpBadRequestException("invalid JSON: " + e.getOriginalMessage()
        + at(e.getLocation()), e);
  }

  private static String at(JsonLocation l) {
    return l == null || l.getLineNr() < 0 ? "" : " (line " + l.getLineNr() + ", column "
        + l.getColumnNr() + ")";
  }
}
