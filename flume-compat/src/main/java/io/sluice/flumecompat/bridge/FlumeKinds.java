package io.sluice.flumecompat.bridge;

import org.apache.flume.Channel;
import org.apache.flume.ChannelSelector;
import org.apache.flume.Sink;
import org.apache.flume.SinkProcessor;
import org.apache.flume.Source;
import org.apache.flume.interceptor.Interceptor;
import org.apache.flume.serialization.EventSerializer;

/** What a class is in Flume's terms, for messages; and a check that it links. */
final class FlumeKinds {
  private FlumeKinds() {}

  static boolean isFlume(Class<?> c) {
    return Source.class.isAssignableFrom(c) || Sink.class.isAssignableFrom(c)
        || Channel.class.isAssignableFrom(c) || ChannelSelector.class.isAssignableFrom(c)
        || SinkProcessor.class.isAssignableFrom(c) || Interceptor.class.isAssignableFrom(c)
        || Interceptor.Builder.class.isAssignableFrom(c)
        || EventSerializer.class.isAssignableFrom(c)
        || EventSerializer.Builder.class.isAssignableFrom(c);
  }

  static String describe(Class<?> c) {
    if (Source.class.isAssignableFrom(c)) {
      return "a Flume source";
    }
    if (Sink.class.isAssignableFrom(c)) {
      return "a Flume sink";
    }
    if (Channel.class.isAssignableFrom(c)) {
      return "a Flume channel";
    }
    if (ChannelSelector.class.isAssignableFrom(c)) {
      return "a Flume channel selector";
    }
    if (SinkProcessor.class.isAssignableFrom(c)) {
      return "a Flume sink processor";
    }
    if (Interceptor.Builder.class.isAssignableFrom(c)) {
      return "a Flume interceptor Builder";
    }
    if (Interceptor.class.isAssignableFrom(c)) {
      return "a Flume interceptor";
    }
    if (EventSerializer.Builder.class.isAssignableFrom(c)
        || EventSerializer.class.isAssignableFrom(c)) {
      return "a Flume event serializer";
    }
    return "neither a Sluice component factory nor a Flume component";
  }

  /**
   * Resolves the types of every field and method of the class and its superclasses, so a
   * dependency missing from lib/flume-api and plugins.d shows now ({@link NoClassDefFoundError})
   * rather than when the agent runs.
   */
  static void link(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      c.getDeclaredFields();
      c.getDeclaredMethods();
      c.getDeclaredConstructors();
    }
  }
}
