package io.sluice.flumecompat;

import java.net.URL;

/**
 * The parent of {@link FlumeClassLoader}: the JDK, plus from Sluice's own loader only what Flume
 * components and the bridge must share with Sluice: SLF4J (so they log through Sluice's logging),
 * Sluice's API ({@code io.sluice.api}) and this module's own interfaces. Everything else (Guava,
 * Avro, Netty, commons-*) stays on its own side, so Flume's versions never meet Sluice's.
 */
final class SharedClassLoader extends ClassLoader {
  private static final String BRIDGE = "io.sluice.flumecompat.bridge.";

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader sluice;

  SharedClassLoader(ClassLoader sluice) {
    super("sluice-shared", ClassLoader.getPlatformClassLoader());
    this.sluice = sluice;
  }

  static boolean shared(String className) {
    return className.startsWith("org.slf4j.")
        || className.startsWith("io.sluice.api.")
        || (className.startsWith("io.sluice.flumecompat.") && !className.startsWith(BRIDGE));
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (shared(name)) {
      return sluice.loadClass(name);
    }
    return super.loadClass(name, resolve);
  }

  @Override
  public URL getResource(String name) {
    if (name.endsWith(".class") && shared(name.substring(0, name.length() - 6).replace('/', '.'))) {
      return sluice.getResource(name);
    }
    return super.getResource(name);
  }
}
