package io.sluice.edge.plugin;

import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The {@link ServiceLoader} providers of one type (resolvers such as the Flume adapter's), loaded
 * on first use and then kept, so that every source a factory makes, and every reload, shares the
 * same providers and the class loaders they hold. Thread-safe.
 */
public final class LazyProviders<T> {
  private final Class<T> type;
  private List<T> providers; // guarded by this

  public LazyProviders(Class<T> type) {
    this.type = type;
  }

  /**
   * The first non-null answer of {@code ask} over the providers, in the order {@code loader}
   * finds them (on the first call), or null when none answers.
   */
  public <R> R first(ClassLoader loader, Function<T, R> ask) {
    for (T p : providers(loader)) {
      R answer = ask.apply(p);
      if (answer != null) {
        return answer;
      }
    }
    return null;
  }

  private synchronized List<T> providers(ClassLoader loader) {
    if (providers == null) {
      providers = ServiceLoader.load(type, loader).stream().map(ServiceLoader.Provider::get)
          .toList();
    }
    return providers;
  }
}
