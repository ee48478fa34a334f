package io.sluice.edge.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads Flume's JSON events ({@code {"headers":{...},"body":"..."}}) from one request body with
 * Jackson's streaming parser (made by {@link JsonEvents#open}). Header values and the body may be
 * strings, numbers or booleans (taken as text, as Gson does); a null header is left out; a missing
 * or null body is empty; other fields are skipped. The body becomes the string's bytes in the
 * request charset, as in Flume's {@code JSONEvent}; a plain ASCII body in a UTF-8 request is
 * taken from the request's bytes without decoding it to text and encoding it back. Used by one
 * thread.
 */
final class JsonEventReader implements Closeable {
  private static final byte[] EMPTY = new byte[0];
  private final JsonParser p;
  private final Charset charset;
  /** The UTF-8 bytes {@link #p} parses from index 0, or null for another charset. */
  private final byte[] utf8;

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
    Map<String, String> headers = new HashMap<>();
    byte[] body = EMPTY;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if ("headers".equals(field)) {
        if (v == JsonToken.VALUE_NULL) {
          continue;
        }
        if (v != JsonToken.START_OBJECT) {
          throw bad(p, "\"headers\" must be an object, found " + describe(v));
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String value = scalar(p, p.nextToken(), "header \"" + name + "\"");
          if (value != null) {
            headers.put(name, value);
          }
        }
      } else if ("body".equals(field)) {
        byte[] plain = v == JsonToken.VALUE_STRING ? plainAscii() : null;
        if (plain != null) {
          body = plain;
        } else {
          String s = scalar(p, v, "\"body\"");
          body = s == null ? EMPTY : s.getBytes(charset);
        }
      } else {
        p.skipChildren();
      }
    }
    return new SimpleEvent(headers, body);
  }

  /**
   * The current string token's bytes straight from a UTF-8 body when they are plain ASCII with no
   * escape or control character, which are then the very bytes {@code getText().getBytes(UTF-8)}
   * would make; null otherwise (then the text is decoded). The parser skips the undecoded string
   * on its next token.
   */
  private byte[] plainAscii() {
    if (utf8 == null) {
      return null;
    }
    long at = p.currentTokenLocation().getByteOffset();
    if (at < 0 || at >= utf8.length) {
      return null;
    }
    int start = (int) at;
    byte quote = utf8[start];
    if (quote != '"' && quote != '\'') {
      return null;
    }
    for (int i = start + 1; i < utf8.length; i++) {
      byte b = utf8[i];
      if (b == quote) {
        return Arrays.copyOfRange(utf8, start + 1, i);
      }
      if (b == '\\' || b < 0x20) { // an escape, a control character or a non-ASCII byte
        return null;
      }
    }
    return null;
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
