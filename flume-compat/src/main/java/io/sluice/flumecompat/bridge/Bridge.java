package io.sluice.flumecompat.bridge;

import io.sluice.api.ChannelSelector;
import io.sluice.api.Interceptor;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.serialization.DeserializerInput;
import io.sluice.api.serialization.EventDeserializer;
import io.sluice.api.serialization.EventSerializer;
import io.sluice.api.spi.ChannelSelectorContext;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.ComponentKind;
import io.sluice.api.spi.SinkContext;
import io.sluice.api.spi.SourceContext;
import io.sluice.flumecompat.FlumeBridge;
import io.sluice.flumecompat.FlumeChannelPort;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.flume.Context;
import org.apache.flume.EventDrivenSource;
import org.apache.flume.PollableSource;
import org.apache.flume.conf.Configurable;
import org.apache.flume.conf.channel.ChannelType;
import org.apache.flume.conf.sink.SinkType;
import org.apache.flume.conf.source.SourceType;
import org.apache.flume.interceptor.InterceptorType;
import org.apache.flume.source.http.HTTPSourceHandler;

/**
 * The {@link FlumeBridge}, defined by the Flume class loader: makes Flume components as Flume's
 * own factories do (public no-argument constructor, {@code setName}, then {@code configure} with
 * a {@code Context} of the component's keys) and wraps them in Sluice adapters.
 */
public final class Bridge implements FlumeBridge {
  private static final String DOC = "docs/compatibility.md";

  @Override
  public String mismatch(ComponentKind kind, Class<?> type) {
    try {
      FlumeKinds.link(type);
    } catch (NoClassDefFoundError e) {
      return missingClass(type, e);
    }
    String is = FlumeKinds.describe(type);
    String problem = switch (kind) {
      case INTERCEPTOR -> org.apache.flume.interceptor.Interceptor.Builder.class.isAssignableFrom(type)
          ? null
          : org.apache.flume.interceptor.Interceptor.class.isAssignableFrom(type)
              ? "a Flume interceptor; name its Builder class (" + type.getName()
                  + "$Builder), as Flume's config does"
              : is + ", not a Flume interceptor Builder";
      case SOURCE -> !org.apache.flume.Source.class.isAssignableFrom(type)
          ? is + ", not a source"
          : PollableSource.class.isAssignableFrom(type)
              || EventDrivenSource.class.isAssignableFrom(type)
              ? null
              : "a Flume source that is neither a PollableSource nor an EventDrivenSource, which "
                  + "Flume cannot run either";
      case SINK -> org.apache.flume.Sink.class.isAssignableFrom(type) ? null : is + ", not a sink";
      case CHANNEL -> org.apache.flume.Channel.class.isAssignableFrom(type) ? null
          : is + ", not a channel";
      case CHANNEL_SELECTOR -> org.apache.flume.ChannelSelector.class.isAssignableFrom(type) ? null
          : is + ", not a channel selector";
      default -> FlumeKinds.isFlume(type)
          ? is + "; Sluice runs Flume's interceptors, sources, channels, sinks and channel "
              + "selectors, not its "
              + kind.section() + " classes (see " + DOC + ")"
          : is + ", not a " + kind.section() + " type";
    };
    return problem != null ? problem : notInstantiable(type);
  }

  /** Null when Flume's factories could make {@code type}; otherwise why not. */
  private static String notInstantiable(Class<?> type) {
    if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
      return "abstract";
    }
    try {
      type.getConstructor();
    } catch (NoSuchMethodException e) {
      return "a Flume component without a public no-argument constructor, which Flume needs too";
    }
    return null;
  }

  static String missingClass(Class<?> type, NoClassDefFoundError e) {
    return type.getName() + " needs class " + String.valueOf(e.getMessage()).replace('/', '.')
        + ", which is in neither lib/flume-api nor plugins.d; put the jars it needs in "
        + "plugins.d/<name>/libext (see " + DOC + ")";
  }

  @Override
  public String flumeClassName(ComponentKind kind, String shortName) {
    String name = shortName.toUpperCase(Locale.ROOT);
    try {
      return switch (kind) {
        case SOURCE -> SourceType.valueOf(name).getSourceClassName();
        case SINK -> SinkType.valueOf(name).getSinkClassName();
        case CHANNEL -> ChannelType.valueOf(name).getChannelClassName();
        case INTERCEPTOR -> InterceptorType.valueOf(name).getBuilderClass().getName();
        default -> null;
      };
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String check(ComponentKind kind, Class<?> type, Map<String, String> keys) {
    return tryToMake(type, () -> {
      switch (kind) {
        case INTERCEPTOR -> builder(type, keys).build();
        case SOURCE -> configured(type, "check", keys);
        case SINK -> configured(type, "check", keys);
        case CHANNEL -> configured(type, "check", keys);
        // configure() needs the source's channels: made here, configured when the source starts.
        case CHANNEL_SELECTOR -> instance(type, "check");
        default -> throw new IllegalStateException("not adapted: " + kind);
      }
    });
  }

  @Override
  public String checkSerializer(Class<?> type, Map<String, String> keys) {
    return checkBuilder(type, org.apache.flume.serialization.EventSerializer.Builder.class,
        org.apache.flume.serialization.EventSerializer.class, "event serializer",
        () -> serializerBuilder(type).build(Contexts.of(type, keys), OutputStream.nullOutputStream()));
  }

  @Override
  public EventSerializer serializer(Class<?> type, Map<String, String> keys, OutputStream out) {
    return Contexts.withLoaderOf(type, () -> new SerializerAdapter(
        serializerBuilder(type).build(Contexts.of(type, keys), out)));
  }

  @Override
  public String checkDeserializer(Class<?> type, Map<String, String> keys) {
    DeserializerInput empty = new DeserializerInput(null, 0, 0, StandardCharsets.UTF_8,
        CodingErrorAction.REPORT);
    return checkBuilder(type, org.apache.flume.serialization.EventDeserializer.Builder.class,
        org.apache.flume.serialization.EventDeserializer.class, "event deserializer",
        () -> deserializerBuilder(type).build(Contexts.of(type, keys), new SpoolInputStream(empty)));
  }

  @Override
  public EventDeserializer deserializer(Class<?> type, Map<String, String> keys, DeserializerInput input) {
    return Contexts.withLoaderOf(type, () -> {
      SpoolInputStream in = new SpoolInputStream(input);
      return new DeserializerAdapter(deserializerBuilder(type).build(Contexts.of(type, keys), in), in);
    });
  }

  @Override
  public String checkHttpHandler(Class<?> type) {
    try {
      FlumeKinds.link(type);
    } catch (NoClassDefFoundError e) {
      return missingClass(type, e);
    }
    if (!HTTPSourceHandler.class.isAssignableFrom(type)) {
      return type.getName() + " implements neither " + HttpSourceHandler.class.getName()
          + " nor Flume's " + HTTPSourceHandler.class.getName() + " (it is "
          + FlumeKinds.describe(type) + ")";
    }
    String problem = notInstantiable(type);
    return problem == null ? null : "handler class '" + type.getName() + "' is " + problem;
  }

  @Override
  public HttpSourceHandler httpHandler(Class<?> type) {
    try {
      return Contexts.withLoaderOf(type,
          () -> new HttpHandlerAdapter((HTTPSourceHandler) newInstance(type)));
    } catch (ComponentCreationException e) {
      throw new IllegalArgumentException(e.getMessage() + ": " + e.getCause(), e.getCause());
    }
  }

  /** Null when {@code type} is a {@code builder} that {@code make} can use; otherwise the problem. */
  private static String checkBuilder(Class<?> type, Class<?> builder, Class<?> product, String what,
      Runnable make) {
    try {
      FlumeKinds.link(type);
    } catch (NoClassDefFoundError e) {
      return missingClass(type, e);
    }
    if (!builder.isAssignableFrom(type)) {
      return product.isAssignableFrom(type)
          ? "a Flume " + what + "; name its Builder class (" + type.getName()
              + "$Builder), as Flume's config does"
          : FlumeKinds.describe(type) + ", not a Flume " + product.getSimpleName() + ".Builder";
    }
    String problem = notInstantiable(type);
    return problem != null ? problem : tryToMake(type, make);
  }

  private static org.apache.flume.serialization.EventDeserializer.Builder deserializerBuilder(
      Class<?> type) {
    return (org.apache.flume.serialization.EventDeserializer.Builder) newInstance(type);
  }

  private static org.apache.flume.serialization.EventSerializer.Builder serializerBuilder(
      Class<?> type) {
    return (org.apache.flume.serialization.EventSerializer.Builder) newInstance(type);
  }

  /** Runs {@code make} as Flume would at config time; null, or the problem for the user. */
  private static String tryToMake(Class<?> type, Runnable make) {
    try {
      FlumeKinds.link(type);
      Contexts.runWithLoaderOf(type, make);
      return null;
    } catch (NoClassDefFoundError e) {
      return missingClass(type, e);
    } catch (LinkageError | RuntimeException e) {
      Throwable cause = e instanceof ComponentCreationException && e.getCause() != null
          ? e.getCause() : e;
      return type.getName() + " refuses its configuration: " + cause;
    }
  }

  @Override
  public Interceptor interceptor(Class<?> builder, Map<String, String> keys,
      ComponentContext context) {
    return Contexts.withLoaderOf(builder,
        () -> new InterceptorAdapter(builder(builder, keys).build(),
            InterceptorAdapter.nonBlocking(keys)));
  }

  @Override
  public Source source(Class<?> type, Map<String, String> keys, SourceContext context) {
    return Contexts.withLoaderOf(type, () -> {
      org.apache.flume.Source s = (org.apache.flume.Source) instance(type, context.componentName());
      s.setChannelProcessor(new ChannelProcessorFacade(context.channelProcessor()));
      configure(s, type, keys);
      return s instanceof PollableSource p
          ? new PollableSourceAdapter(p, context.metrics())
          : new EventDrivenSourceAdapter(s, context.metrics());
    });
  }

  @Override
  public Sink sink(Class<?> type, Map<String, String> keys, SinkContext context) {
    return Contexts.withLoaderOf(type, () -> {
      org.apache.flume.Sink s = (org.apache.flume.Sink) instance(type, context.componentName());
      ChannelFacade channel = new ChannelFacade(context.channel());
      s.setChannel(channel);
      configure(s, type, keys);
      return new SinkAdapter(s, channel, context.metrics());
    });
  }

  @Override
  public FlumeChannelPort channel(Class<?> type, Map<String, String> keys, String name) {
    return Contexts.withLoaderOf(type, () ->
        new ChannelPort((org.apache.flume.Channel) configured(type, name, keys)));
  }

  @Override
  public ChannelSelector selector(Class<?> type, Map<String, String> keys,
      ChannelSelectorContext context) {
    return Contexts.withLoaderOf(type, () -> {
      var s = (org.apache.flume.ChannelSelector) instance(type, context.componentName());
      SelectorAdapter adapter = new SelectorAdapter(s, context.channels());
      configure(s, type, keys);
      return adapter;
    });
  }

  private static org.apache.flume.interceptor.Interceptor.Builder builder(
      Class<?> type, Map<String, String> keys) {
    var b = (org.apache.flume.interceptor.Interceptor.Builder) newInstance(type);
    b.configure(Contexts.of(type, keys));
    return b;
  }

  private static Object configured(Class<?> type, String name, Map<String, String> keys) {
    Object o = instance(type, name);
    configure(o, type, keys);
    return o;
  }

  private static Object instance(Class<?> type, String name) {
    Object o = newInstance(type);
    if (o instanceof org.apache.flume.NamedComponent n) {
      n.setName(name);
    }
    return o;
  }

  private static void configure(Object component, Class<?> type, Map<String, String> keys) {
    if (component instanceof Configurable c) {
      Context context = Contexts.of(type, keys);
      c.configure(context);
    }
  }

  private static Object newInstance(Class<?> type) {
    try {
      return type.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new ComponentCreationException("the constructor of " + type.getName() + " failed",
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new ComponentCreationException("cannot instantiate " + type.getName(), e);
    }
  }

  /** A Flume component that could not be made. */
  static final class ComponentCreationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ComponentCreationException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
