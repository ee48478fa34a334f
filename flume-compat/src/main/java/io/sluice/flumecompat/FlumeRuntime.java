package io.sluice.flumecompat;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link FlumeClassLoader} and its {@link FlumeBridge}, made on first use (an agent without
 * Flume components never opens Flume's jars). Finds a user's class in plugins.d, or wherever
 * Sluice's class loader sees it, and loads it beside Flume's API. Thread-safe.
 */
final class FlumeRuntime {
  static final String BRIDGE_CLASS = "io.sluice.flumecompat.bridge.Bridge";

  private final FlumeCompatSettings settings;
  private final ClassLoader sluice;
  private FlumeClassLoader loader; // guarded by this
  private FlumeBridge bridge; // guarded by this

  FlumeRuntime(FlumeCompatSettings settings, ClassLoader sluice) {
    this.settings = settings;
    this.sluice = sluice;
  }

  /** Thrown when Flume's API jars are not where the settings say. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  synchronized FlumeBridge bridge() throws Unavailable {
    open();
    return bridge;
  }

  /**
   * Loads {@code className} beside Flume's API: from the API jars or plugins.d, else from the jar
   * or directory where {@code visibleFrom} sees the class. Null when neither has it.
   */
  synchronized Class<?> load(String className, ClassLoader visibleFrom) throws Unavailable {
    open();
    try {
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      URL root = ClassSources.rootOf(visibleFrom, className);
      if (root == null) {
        return null;
      }
      loader.addSource(root);
      try {
        return Class.forName(className, false, loader);
      } catch (ClassNotFoundException again) {
        return null;
      }
    }
  }

  private void open() throws Unavailable {
    if (bridge != null) {
      return;
    }
    List<Path> api = settings.apiJars();
    if (api.stream().noneMatch(p -> p.getFileName().toString().startsWith("flume-ng-core-"))) {
      throw new Unavailable("Flume's API jars (flume-ng-core and the rest) are not in "
          + settings.apiDir().toAbsolutePath() + " (lib/flume-api of the distribution, or -D"
          + FlumeCompatSettings.API_DIR_PROPERTY + ")");
    }
    List<URL> urls = new ArrayList<>();
    try {
      for (Path p : api) {
        urls.add(p.toUri().toURL());
      }
      urls.add(FlumeRuntime.class.getProtectionDomain().getCodeSource().getLocation());
      for (Path p : settings.pluginClasspath()) {
        urls.add(p.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new Unavailable("bad jar path: " + e.getMessage());
    }
    FlumeClassLoader made = new FlumeClassLoader(urls, sluice);
    try {
      bridge = (FlumeBridge) Class.forName(BRIDGE_CLASS, true, made).getConstructor().newInstance();
      loader = made;
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new Unavailable("cannot load Flume's API from " + settings.apiDir().toAbsolutePath()
          + ": " + e);
    }
  }
}
