package io.sluice.flumecompat;

import io.sluice.api.ChannelSelector;
import io.sluice.api.Interceptor;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.spi.ChannelSelectorContext;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.ComponentKind;
import io.sluice.api.spi.SinkContext;
import io.sluice.api.serialization.DeserializerInput;
import io.sluice.api.serialization.EventDeserializer;
import io.sluice.api.serialization.EventSerializer;
import io.sluice.api.spi.SourceContext;
import java.io.OutputStream;
import java.util.Map;

/**
 * What Sluice asks of the code that links against Flume's API. The implementation
 * ({@code io.sluice.flumecompat.bridge.Bridge}) is defined by {@link FlumeClassLoader}, beside
 * Flume's jars and the user's; this interface and Sluice's API are shared with it, so adapters cross
 * the class-loader boundary as Sluice types. Classes passed in are from that loader.
 */
public interface FlumeBridge {

  /**
   * Null when {@code type} is a Flume component of {@code kind} this bridge adapts; otherwise why
   * not (e.g. "a Flume sink, not an interceptor"), for the user.
   */
  String mismatch(ComponentKind kind, Class<?> type);

  /**
   * Flume 1.11's own class for a short type name ({@code hbase}, {@code syslogtcp}), from Flume's
   * type enums; null when Flume has no such name for the kind.
   */
  String flumeClassName(ComponentKind kind, String shortName);

  /**
   * Makes and configures a throwaway instance, as Flume does when it loads a config, so that a bad
   * key or a missing dependency is a configuration problem. Returns null, or the problem.
   */
  String check(ComponentKind kind, Class<?> type, Map<String, String> keys);

  Interceptor interceptor(Class<?> builder, Map<String, String> keys, ComponentContext context);

  Source source(Class<?> type, Map<String, String> keys, SourceContext context);

  Sink sink(Class<?> type, Map<String, String> keys, SinkContext context);

  /** A Flume {@code Channel} of class {@code type}, named and configured, not started. */
  FlumeChannelPort channel(Class<?> type, Map<String, String> keys, String name);

  /** A Flume {@code ChannelSelector} given the source's channels, then configured. */
  ChannelSelector selector(Class<?> type, Map<String, String> keys, ChannelSelectorContext context);

  /**
   * Null when {@code type} is a Flume {@code EventSerializer.Builder} that builds a serializer from
   * {@code keys} (a throwaway one is built on a discarding stream); otherwise the problem.
   */
  String checkSerializer(Class<?> type, Map<String, String> keys);

  /** A serializer of the Flume {@code EventSerializer.Builder} {@code type} writing to {@code out}. */
  EventSerializer serializer(Class<?> type, Map<String, String> keys, OutputStream out);

  /**
   * Null when {@code type} is a Flume {@code EventDeserializer.Builder} that builds a deserializer
   * from {@code keys} (a throwaway one is built over empty input); otherwise the problem.
   */
  String checkDeserializer(Class<?> type, Map<String, String> keys);

  /** A deserializer of the Flume {@code EventDeserializer.Builder} {@code type} reading {@code input}. */
  EventDeserializer deserializer(Class<?> type, Map<String, String> keys, DeserializerInput input);

  /**
   * Null when {@code type} is a Flume {@code HTTPSourceHandler} with a public no-argument
   * constructor; otherwise the problem, for the user.
   */
  String checkHttpHandler(Class<?> type);

  /**
   * A new handler of the Flume {@code HTTPSourceHandler} class {@code type}, not yet configured
   * ({@link HttpSourceHandler#configure} passes the keys to Flume's {@code configure(Context)}).
   */
  HttpSourceHandler httpHandler(Class<?> type);
}
