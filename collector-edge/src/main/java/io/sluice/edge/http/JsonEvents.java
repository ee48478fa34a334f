package io.sluice.edge.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads Flume's JSON events ({@code {"headers":{...},"body":"..."}}) with Jackson's streaming
 * parser, which is as lenient as Flume's Gson where it matters (comments, single quotes,
 * unquoted names). Header values and the body may be strings, numbers or booleans (taken as text,
 * as Gson does); a null header is left out; a missing or null body is empty; other fields are
 * skipped. The body becomes the string's bytes in the request charset, as in Flume's {@code
 * JSONEvent}. Immutable; thread-safe.
 */
final class JsonEvents {
  private static final byte[] EMPTY = new byte[0];
  private final JsonFactory json = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
      .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();

  /**
   * The request's charset: its {@code Content-Type} charset, UTF-8 when it has none. Flume's
   * JSONHandler takes UTF-8, UTF-16 and UTF-32 only (and answers 500 for others); Sluice also
   * takes their BE/LE forms and answers 400 for the rest.
   */
  static Charset charset(HttpSourceRequest request) throws HttpBadRequestException {
    String name = request.charset();
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    String n = name.toUpperCase(Locale.ROOT);
    if (!n.matches("UTF-(8|16|16BE|16LE|32|32BE|32LE)")) {
      throw new HttpBadRequestException("unsupported charset '" + name
          + "': the JSON handlers take UTF-8, UTF-16 and UTF-32 only");
    }
    return Charset.forName(n);
  }

  /** A parser over the body: bytes for UTF-8 (Jackson's fast path), else a decoding reader. */
  JsonParser parser(HttpSourceRequest request, Charset charset) throws IOException {
    return charset.equals(StandardCharsets.UTF_8)
        ? json.createParser(request.body())
        : json.createParser(new InputStreamReader(request.body(), charset));
  }

  /** Reads a JSON array of events (Flume's JSONHandler format); the whole body must be one array. */
  void readArray(JsonParser p, Charset charset, Consumer<Event> out) throws HttpBadRequestException {
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
        out.accept(readEvent(p, charset));
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
  void readSequence(JsonParser p, Charset charset, Consumer<Event> out)
      throws HttpBadRequestException {
    try {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_OBJECT) {
          throw bad(p, "expected an event object, found " + describe(t));
        }
        out.accept(readEvent(p, charset));
      }
    } catch (JsonProcessingException e) {
      throw bad(e);
    } catch (IOException e) {
      throw new HttpBadRequestException("cannot read the request body: " + e.getMessage(), e);
    }
  }

  /** Reads one event; the parser is on its START_OBJECT and ends on its END_OBJECT. */
  private static Event readEvent(JsonParser p, Charset charset)
      throws IOException, HttpBadRequestException {
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
        String s = scalar(p, v, "\"body\"");
        body = s == null ? EMPTY : s.getBytes(charset);
      } else {
        p.skipChildren();
      }
    }
    return new SimpleEvent(headers, body);
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
