package io.sluice.it.flume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Isolated class loaders over directories of Flume's jars (parent: the platform loader, so none of
 * our classes or third-party versions meet Flume's), and reflective calls made with such a loader
 * as the thread's context loader, as Flume's code expects.
 */
final class FlumeLoaders {
  private FlumeLoaders() {}

  /** A reflective call into Flume's classes. */
  interface ReflectiveCall {
    Object run() throws Exception;
  }

  /** A loader named {@code name} over every jar in {@code dirs}. */
  static URLClassLoader over(String name, Path... dirs) throws IOException {
    List<URL> urls = new ArrayList<>();
    for (Path dir : dirs) {
      try (Stream<Path> jars = Files.list(dir)) {
        jars.filter(p -> p.toString().endsWith(".jar")).map(FlumeLoaders::url).forEach(urls::add);
      }
    }
    return new URLClassLoader(name, urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** Runs {@code body} with {@code loader} as context loader; unwraps what Flume threw. */
  static Object call(ClassLoader loader, ReflectiveCall body) throws Exception {
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try {
      return body.run();
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }
}
