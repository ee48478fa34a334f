package io.sluice.coordination;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data of a member znode: one UTF-8 JSON object,
 * {@code {"id":"agg-1","host":"10.0.0.5","port":4141,"tls":false,"weight":100,"version":"0.1.0",
 * "pid":4711}}. Unknown fields are ignored (newer aggregators may add some); {@code tls},
 * {@code weight}, {@code version} and {@code pid} default to false, 100, "" and 0 (records of older
 * aggregators have no {@code pid}; a pid of 0 is not written). Anyone who can write ZooKeeper can
 * write these nodes, so reading is bounded: {@value #MAX_BYTES} bytes, shallow nesting, short
 * strings, exact types (no "4141" for a number). Stateless.
 */
public final class MemberCodec {
  public static final int DEFAULT_WEIGHT = 100;
  /** Far above a real member (about 120 bytes); well below ZooKeeper's 1 MiB node limit. */
  public static final int MAX_BYTES = 16 * 1024;

  /**
   * Configured once, then only read: ObjectMapper is thread-safe for that. Shared with the other
   * documents anyone who can write ZooKeeper can write ({@link AgentEndpointCodec}).
   */
  static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(8).maxStringLength(1024).maxNameLength(256).maxNumberLength(20)
              .maxDocumentLength(MAX_BYTES).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  /** The document as written: boxed, so a missing field is told from a default. */
  private record MemberDocument(String id, String host, Integer port, Boolean tls, Integer weight,
      String version, Long pid) {}

  private MemberCodec() {}

  public static byte[] encode(Member m) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", m.id());
    f.put("host", m.host());
    f.put("port", m.port());
    f.put("tls", m.tls());
    f.put("weight", m.weight());
    f.put("version", m.version());
    if (m.pid() > 0) {
      f.put("pid", m.pid());
    }
    try {
      return JSON.writeValueAsBytes(f);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a map of strings and numbers always serialises
    }
  }

  /**
   * @throws IllegalArgumentException naming the field that is missing or of the wrong type, or the
   *     offset of malformed JSON
   */
  public static Member decode(byte[] data) {
    if (data == null || data.length > MAX_BYTES) {
      throw new IllegalArgumentException("member node holds " + (data == null ? 0 : data.length)
          + " bytes, more than " + MAX_BYTES);
    }
    MemberDocument d = parse(data);
    return new Member(
        required(d.id(), "id"),
        required(d.host(), "host"),
        required(d.port(), "port"),
        d.tls() != null && d.tls(),
        d.weight() == null ? DEFAULT_WEIGHT : d.weight(),
        d.version() == null ? "" : d.version(),
        d.pid() == null ? 0 : d.pid());
  }

  private static MemberDocument parse(byte[] data) {
    try {
      MemberDocument d = JSON.readValue(data, MemberDocument.class);
      if (d == null) {
        throw new IllegalArgumentException("bad JSON at offset 0: not an object");
      }
      return d;
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
      if (field == null) {
        throw malformed(e);
      }
      throw new IllegalArgumentException("member JSON field '" + field + "' should be a "
          + typeName(e.getTargetType()), e);
    } catch (JsonMappingException e) {
      // e.g. a number too large for its field
      String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
      if (field == null) {
        throw malformed(e);
      }
      throw new IllegalArgumentException("member JSON field '" + field + "' is out of range", e);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  private static IllegalArgumentException malformed(IOException e) {
    long offset = 0;
    if (e instanceof JsonProcessingException p && p.getLocation() != null) {
      JsonLocation l = p.getLocation();
      offset = Math.max(0, l.getByteOffset() >= 0 ? l.getByteOffset() : l.getCharOffset());
    }
    String what = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.toString();
    return new IllegalArgumentException("bad JSON at offset " + offset + ": "
        + Member.printable(what), e);
  }

  private static String typeName(Class<?> type) {
    if (type == Integer.class || type == Long.class) {
      return "number";
    }
    if (type == Boolean.class) {
      return "boolean";
    }
    return type == String.class ? "string" : "JSON object";
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("member JSON lacks the field '" + name + "'");
    }
    return value;
  }
}
