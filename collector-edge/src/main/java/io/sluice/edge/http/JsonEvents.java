package io.sluice.edge.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.sluice.api.http.HttpBadRequestException;
import io.sluice.api.http.HttpSourceRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JSON handlers' shared parts: the request charsets they take and Jackson's streaming parser
 * factory, as lenient as Flume's Gson where it matters (comments, single quotes, unquoted names,
 * control characters left unescaped inside strings),
 * which {@link JsonEventReader} reads events with. Immutable; thread-safe.
 */
final class JsonEvents {
  /** The charsets the JSON handlers take, by upper-case name (built once, not per request). */
  private static final Map<String, Charset> CHARSETS = Stream.of("UTF-8", "UTF-16", "UTF-16BE",
      "UTF-16LE", "UTF-32", "UTF-32BE", "UTF-32LE")
      .collect(Collectors.toUnmodifiableMap(n -> n, Charset::forName));
  private final JsonFactory json = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
      .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
      .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();

  /**
   * The request's charset: its {@code Content-Type} charset, UTF-8 when it has none. Flume's
   * JSONHandler takes UTF-8, UTF-16 and UTF-32 only (and answers 500 for others); Sluice also
   * takes their BE/LE forms and the JVM's aliases of these (such as {@code UTF8}), and answers 400
   * for the rest.
   */
  static Charset charset(HttpSourceRequest request) throws HttpBadRequestException {
    String name = request.charset();
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    Charset c = CHARSETS.get(name.toUpperCase(Locale.ROOT));
    if (c == null) {
      c = byAlias(name); // e.g. UTF8, as Jetty reads it for Flume
    }
    if (c == null) {
      throw new HttpBadRequestException("unsupported charset '" + name
          + "': the JSON handlers take UTF-8, UTF-16 and UTF-32 only");
    }
    return c;
  }

  private static Charset byAlias(String name) {
    try {
      Charset c = Charset.forName(name);
      return CHARSETS.containsValue(c) ? c : null;
    } catch (IllegalArgumentException unknown) { // illegal or unsupported name
      return null;
    }
  }

  /**
   * A reader over the request's body in its charset ({@link #charset}): for UTF-8, Jackson's byte
   * parser over a copy of the body, which also lets plain bodies be taken as bytes; else a
   * decoding reader.
   */
  JsonEventReader open(HttpSourceRequest request) throws IOException, HttpBadRequestException {
    Charset charset = charset(request);
    if (!charset.equals(StandardCharsets.UTF_8)) {
      return new JsonEventReader(json.createParser(
          withoutMark(new InputStreamReader(request.body(), charset))), charset, null);
    }
    byte[] bytes = request instanceof NettySourceRequest n ? n.bodyBytes()
        : request.body().readAllBytes();
    return new JsonEventReader(json.createParser(bytes), charset, bytes);
  }

  /**
   * {@code text} without a byte order mark before the JSON, which RFC 8259 lets a parser ignore:
   * Java's UTF-16 decoder drops one itself, its UTF-16BE/LE and UTF-32 decoders keep it as U+FEFF
   * (Jackson's UTF-8 byte parser skips one too).
   */
  private static Reader withoutMark(Reader text) throws IOException {
    PushbackReader in = new PushbackReader(text, 1);
    int first = in.read();
    if (first != -1 && first != '\uFEFF') {
      in.unread(first);
    }
    return in;
  }
}
