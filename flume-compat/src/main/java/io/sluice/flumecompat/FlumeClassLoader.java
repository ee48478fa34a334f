package io.sluice.flumecompat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;

/**
 * Flume's API jars, this module's bridge and the user's Flume components, in one loader (a user's
 * class extends Flume's {@code AbstractSink}, so both must be defined here), parent-first over
 * {@link SharedClassLoader}. Jars are searched in order: Flume's API first, then plugins.d and the
 * user's classpath, then the jars of classes found later on Sluice's classpath
 * ({@link #addSource}).
 */
final class FlumeClassLoader extends URLClassLoader {

  static {
    registerAsParallelCapable();
  }

  FlumeClassLoader(List<URL> urls, ClassLoader sluice) {
    super("flume", urls.toArray(URL[]::new), new SharedClassLoader(sluice));
  }

  /** Adds a jar or class directory, once. */
  synchronized void addSource(URL url) {
    if (!Arrays.asList(getURLs()).contains(url)) {
      addURL(url);
    }
  }
}
