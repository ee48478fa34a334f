package io.sluice.core.registry;

import io.sluice.api.serialization.EventSerializerResolver;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.api.spi.ComponentKind;
import io.sluice.core.serialization.SerializerResolvers;
import io.sluice.core.text.DidYouMean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds component factories by kind and type name. Factories come from {@link ServiceLoader};
 * names are matched case-insensitively (Flume's are: {@code TAILDIR}, {@code SPILLABLEMEMORY}); a
 * fully-qualified class name of a factory, or of the component a registered factory makes, also
 * works. Two factories claiming one name is a startup error, not a silent pick.
 *
 * <p>A type no factory claims is then offered to the {@link ComponentResolver}s found with
 * {@link ServiceLoader} (the Flume-API adapter), in their service order; the first answer wins.
 * Serializer classes named in sinks' keys are resolved by {@link #serializerResolver()}, which
 * asks those resolvers first, so they share their class loaders with the components'.
 */
public final class ComponentRegistry {

  /** The outcome of a lookup: a factory, or an error message ready for the user. */
  public record Lookup(ComponentFactory<?> factory, String error) {
    public boolean found() {
      return factory != null;
    }
  }

  private final ClassLoader classLoader;
  private final Map<ComponentKind, Map<String, ComponentFactory<?>>> byName =
      new EnumMap<>(ComponentKind.class);
  private final Map<ComponentKind, Set<String>> shortNames = new EnumMap<>(ComponentKind.class);
  private final List<ComponentResolver> resolvers = new ArrayList<>();
  private final SerializerResolvers serializerResolvers;

  public ComponentRegistry(ClassLoader classLoader) {
    this(classLoader, ServiceLoader.load(ComponentResolver.class, classLoader));
  }

  /**
   * With {@code resolvers} instead of those {@link ServiceLoader} finds, e.g. a Flume adapter with
   * settings of its own (plugins.d) rather than the system properties'.
   */
  public ComponentRegistry(ClassLoader classLoader, Iterable<ComponentResolver> resolvers) {
    this.classLoader = classLoader;
    for (ComponentKind kind : ComponentKind.values()) {
      byName.put(kind, new LinkedHashMap<>());
      shortNames.put(kind, new TreeSet<>());
    }
    for (ComponentFactory<?> f : ServiceLoader.load(ComponentFactory.class, classLoader)) {
      register(f);
    }
    List<EventSerializerResolver> ownSerializers = new ArrayList<>();
    for (ComponentResolver r : resolvers) {
      this.resolvers.add(r);
      if (r.serializerResolver() != null) {
        ownSerializers.add(r.serializerResolver());
      }
    }
    serializerResolvers = SerializerResolvers.load(classLoader, ownSerializers);
  }

  public static ComponentRegistry fromContextClassLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return new ComponentRegistry(cl != null ? cl : ComponentRegistry.class.getClassLoader());
  }

  private void register(ComponentFactory<?> f) {
    ComponentKind kind = f.kind();
    shortNames.get(kind).add(f.type());
    List<String> names = new ArrayList<>();
    names.add(f.type());
    names.addAll(f.aliases());
    names.add(f.getClass().getName());
    names.add(f.componentClass().getName());
    for (String n : names) {
      ComponentFactory<?> previous = byName.get(kind).put(n.toLowerCase(Locale.ROOT), f);
      if (previous != null && previous.getClass() != f.getClass()) {
        throw new IllegalStateException("Two " + kind.section() + " factories claim the name '" + n
            + "': " + previous.getClass().getName() + " and " + f.getClass().getName());
      }
    }
  }

  /** Resolves a type as written in a config ({@code memory}, {@code org.example.MySink}). */
  public Lookup lookup(ComponentKind kind, String type) {
    ComponentFactory<?> f = byName.get(kind).get(type.toLowerCase(Locale.ROOT));
    if (f != null) {
      return new Lookup(f, null);
    }
    Lookup own = type.contains(".") ? loadClass(kind, type) : null;
    if (own != null && own.found()) {
      return own;
    }
    for (ComponentResolver r : resolvers) {
      Lookup other = r.resolve(kind, type, classLoader);
      if (other != null) {
        return other;
      }
    }
    if (own != null) {
      return own;
    }
    return new Lookup(null, "unknown " + singular(kind) + " type '" + type + "'"
        + DidYouMean.suggest(type, shortNames.get(kind))
        + "; known types: " + String.join(", ", shortNames.get(kind)));
  }

  /** Resolves serializer classes for every sink configured with this registry. */
  public EventSerializerResolver serializerResolver() {
    return serializerResolvers;
  }

  /** The short type names known for a kind, sorted. */
  public Set<String> typeNames(ComponentKind kind) {
    return Set.copyOf(shortNames.get(kind));
  }

  private Lookup loadClass(ComponentKind kind, String className) {
    Class<?> c;
    try {
      // not initialised: a class named in a config runs no code unless it is a factory
      c = Class.forName(className, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      return new Lookup(null, "class '" + className + "' is not on the classpath");
    }
    if (!ComponentFactory.class.isAssignableFrom(c)) {
      return new Lookup(null, "class '" + className + "' is not a " + singular(kind)
          + " known to Sluice: name a registered type or a class implementing "
          + ComponentFactory.class.getName());
    }
    try {
      ComponentFactory<?> f = (ComponentFactory<?>) c.getDeclaredConstructor().newInstance();
      if (f.kind() != kind) {
        return new Lookup(null, "class '" + className + "' makes a " + singular(f.kind())
            + ", not a " + singular(kind));
      }
      return new Lookup(f, null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new Lookup(null, "cannot instantiate '" + className + "': " + e);
    }
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
}
