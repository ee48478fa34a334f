package io.sluice.testsupport.flume;

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
 * Class loaders over directories of Apache Flume's jars, so Flume and its old libraries never meet
 * ours, and reflective calls made as Flume's code expects (its loader as the thread's context
 * loader, its exceptions unwrapped). No Flume type is compiled against here.
 */
public final class FlumeJars {
  private FlumeJars() {}

  /** A reflective call into Flume's classes. */
  @FunctionalInterface
  public interface ReflectiveCall {
    Object run() throws Exception;
  }

  /** The jars directly in {@code dirs}, each directory's in name order; none for a missing one. */
  public static List<Path> jars(Path... dirs) {
    List<Path> out = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(out::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /**
   * A loader named {@code name} over every jar in {@code dirs} whose parent is the platform
   * loader: none of our classes or third-party versions are visible to Flume's.
   */
  public static URLClassLoader isolated(String name, Path... dirs) throws IOException {
    return new URLClassLoader(name, urls(dirs), ClassLoader.getPlatformClassLoader());
  }

  /**
   * A child-first loader over every jar in {@code dirs}: classes whose names start with one of
   * {@code parentFirst} (the JDK's, and libraries both sides must share) come from {@code parent},
   * every other from the jars first.
   */
  public static URLClassLoader childFirst(String name, ClassLoader parent, List<String> parentFirst,
      Path... dirs) throws IOException {
    return new ChildFirstLoader(name, urls(dirs), parent, parentFirst);
  }

  /** Runs {@code body} with {@code loader} as context loader; unwraps what Flume threw. */
  public static Object call(ClassLoader loader, ReflectiveCall body) throws Exception {
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

  private static URL[] urls(Path... dirs) throws IOException {
    List<Path> jars = jars(dirs);
    if (jars.isEmpty()) {
      throw new IOException("no Flume jars in " + List.of(dirs).stream()
          .map(d -> d.toAbsolutePath().toString()).toList());
    }
    return jars.stream().map(FlumeJars::url).toArray(URL[]::new);
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads from its own jars first, except the packages it must share with its parent. */
  private static final class ChildFirstLoader extends URLClassLoader {
    static {
      registerAsParallelCapable();
    }

    private final List<String> parentFirst;

    ChildFirstLoader(String name, URL[] urls, ClassLoader parent, List<String> parentFirst) {
      super(name, urls, parent);
      this.parentFirst = List.copyOf(parentFirst);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (parentFirst.stream().anyMatch(name::startsWith)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException e) {
            c = super.loadClass(name, false);
          }
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
