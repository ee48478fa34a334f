package io.sluice.flumecompat;

import io.sluice.api.serialization.EventSerializerResolver;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.api.spi.ComponentKind;
import io.sluice.core.registry.ComponentRegistry.Lookup;
import io.sluice.core.registry.ComponentResolver;
import java.util.Locale;
import java.util.Set;

/**
 * The registry's fallback for types Sluice does not know: a class built against Flume 1.11's API
 * (in plugins.d or on the classpath), or a short name of a Flume 1.11 component Sluice lacks
 * ({@code hbase}, {@code syslogtcp}) whose class Flume's own jars in plugins.d provide. Either is
 * made by the Flume adapter; when the class is absent the error says what to do and points at
 * {@code docs/compatibility.md}. Listed in {@code META-INF/services}; one per registry.
 */
public final class FlumeComponentResolver implements ComponentResolver {
  static final String DOC = "docs/compatibility.md";
  private static final Set<ComponentKind> ADAPTED =
      Set.of(ComponentKind.SOURCE, ComponentKind.CHANNEL, ComponentKind.SINK,
          ComponentKind.INTERCEPTOR);

  private final LazyFlumeRuntime runtime;
  private final FlumeSerializerResolver serializers;

  /** For {@link java.util.ServiceLoader}: settings from the system properties. */
  public FlumeComponentResolver() {
    this(null);
  }

  public FlumeComponentResolver(FlumeCompatSettings settings) {
    this.runtime = new LazyFlumeRuntime(settings);
    this.serializers = new FlumeSerializerResolver(runtime);
  }

  /** Resolves Flume serializer classes in this resolver's Flume class loader. */
  @Override
  public EventSerializerResolver serializerResolver() {
    return serializers;
  }

  @Override
  public Lookup resolve(ComponentKind kind, String type, ClassLoader classLoader) {
    if (type.startsWith("io.sluice.") || kind == ComponentKind.DISCOVERY) {
      return null;
    }
    boolean className = type.contains(".");
    if (!className && !ADAPTED.contains(kind)) {
      return null;
    }
    FlumeRuntime rt = runtime.get(classLoader);
    try {
      String flumeClass = type;
      if (!className) {
        flumeClass = rt.bridge().flumeClassName(kind, type);
        if (flumeClass == null) {
          return null;
        }
      }
      Class<?> c = rt.load(flumeClass, classLoader);
      if (c == null) {
        return error(notFound(kind, type, flumeClass, className));
      }
      String mismatch = rt.bridge().mismatch(kind, c);
      if (mismatch != null) {
        return error("class '" + flumeClass + "' is " + mismatch);
      }
      return new Lookup(factory(kind, rt, c, type), null);
    } catch (LinkageError e) {
      return error("class '" + type + "' cannot be loaded beside Flume's API: " + e
          + " (its jars and the jars it needs go in plugins.d/<name>/lib and libext; see " + DOC
          + ")");
    } catch (FlumeRuntime.Unavailable e) {
      return className
          ? error("class '" + type + "' is not on the classpath, and Flume components cannot be "
              + "loaded: " + e.getMessage())
          : null;
    }
  }

  private static ComponentFactory<?> factory(
      ComponentKind kind, FlumeRuntime rt, Class<?> c, String type) {
    return switch (kind) {
      case INTERCEPTOR -> new FlumeInterceptorFactory(rt, c, type);
      case SOURCE -> new FlumeSourceFactory(rt, c, type);
      case SINK -> new FlumeSinkFactory(rt, c, type);
      case CHANNEL -> new FlumeChannelFactory(rt, c, type);
      case CHANNEL_SELECTOR -> new FlumeSelectorFactory(rt, c, type);
      default -> throw new IllegalStateException("not adapted: " + kind);
    };
  }

  static String notFound(ComponentKind kind, String type, String flumeClass, boolean className) {
    if (!className || flumeClass.startsWith("org.apache.flume.")) {
      String what = className ? "Flume's " + singular(kind) + " " + flumeClass
          : "Flume's '" + type.toLowerCase(Locale.ROOT) + "' " + singular(kind) + " ("
              + flumeClass + ")";
      return what + " is not part of Sluice; to run Flume's own, put its jar and the jars it "
          + "needs (from Flume 1.11's lib/) in plugins.d/<name>/lib, or see " + DOC
          + " for what to use instead";
    }
    return "class '" + type + "' is not on the classpath or in plugins.d (a jar of " + singular(kind)
        + "s built against Flume's API goes in plugins.d/<name>/lib; see " + DOC + ")";
  }

  static String singular(ComponentKind kind) {
    return switch (kind) {
      case SOURCE -> "source";
      case CHANNEL -> "channel";
      case SINK -> "sink";
      case SINK_PROCESSOR -> "sink processor";
      case CHANNEL_SELECTOR -> "channel selector";
      case INTERCEPTOR -> "interceptor";
      case DISCOVERY -> "member discovery";
    };
  }

  private static Lookup error(String message) {
    return new Lookup(null, message);
  }
}
