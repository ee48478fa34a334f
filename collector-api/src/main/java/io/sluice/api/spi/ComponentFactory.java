package io.sluice.api.spi;

import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigValues;
import java.util.Set;

/**
 * Makes one type of component. Factories are found with {@link java.util.ServiceLoader} (list them
 * in {@code META-INF/services/io.sluice.api.spi.ComponentFactory}) and picked by {@link #type()},
 * by one of {@link #aliases()}, or by the fully-qualified name of the factory or component class.
 *
 * <p>Configuration happens once, before anything starts: the runtime checks the raw keys against
 * {@link #configDef()}, then {@link #configure} turns the values into the component's typed config
 * record (throwing {@link ConfigException} for cross-key problems, keys relative to the component).
 * Subinterfaces add the typed create method for each kind. Factories are stateless and thread-safe.
 *
 * @param <C> the typed config record
 */
public interface ComponentFactory<C> {

  ComponentKind kind();

  /** The short type name, Flume's where one exists ({@code memory}, {@code avro}, {@code hdfs}). */
  String type();

  /** Other names accepted for the type, such as Flume's class names. */
  default Set<String> aliases() {
    return Set.of();
  }

  /** The class of the component made, so its fully-qualified name also selects this factory. */
  Class<?> componentClass();

  ConfigDef configDef();

  C configure(ConfigValues values);
}
