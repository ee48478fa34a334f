package io.sluice.flumecompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.spi.ComponentKind;
import io.sluice.core.registry.ComponentRegistry.Lookup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the adapter finds classes: plugins.d, Sluice's classpath, and Flume's API isolated. */
class FlumeComponentResolverTest {
  @TempDir Path tmp;

  private final ClassLoader sluice = getClass().getClassLoader();

  @Test
  void pluginsDirJarsAreFoundWithoutBeingOnSluicesClasspath() throws IOException {
    Path jar = FlumePluginJar.build(tmp);
    Path lib = Files.createDirectories(tmp.resolve("plugins.d/mine/lib"));
    Files.move(jar, lib.resolve(jar.getFileName()));
    var settings = new FlumeCompatSettings(FlumePluginJar.apiDir(),
        FlumeCompatSettings.expand(lib + "/*"));
    Lookup found = new FlumeComponentResolver(settings)
        .resolve(ComponentKind.SINK, "com.example.LineFileSink", sluice);
    assertTrue(found.found(), String.valueOf(found.error()));
    assertEquals("com.example.LineFileSink", found.factory().type());
    assertTrue(found.factory().configDef().isOpen(), "a Flume component takes any key");

    Lookup without = new FlumeComponentResolver(new FlumeCompatSettings(FlumePluginJar.apiDir(),
        List.of())).resolve(ComponentKind.SINK, "com.example.LineFileSink", sluice);
    assertFalse(without.found());
  }

  @Test
  void flumesApiAndItsDependenciesStayOutOfSluicesClassLoader() throws Exception {
    Lookup found = new FlumeComponentResolver(new FlumeCompatSettings(FlumePluginJar.apiDir(),
        List.of())).resolve(ComponentKind.INTERCEPTOR, "search_replace", sluice);
    assertTrue(found.found(), String.valueOf(found.error()));
    Class<?> builder = found.factory().componentClass();
    ClassLoader flume = builder.getClassLoader();
    assertEquals("flume", flume.getName());
    // Flume's Guava 11 and Sluice's are different classes; SLF4J and Sluice's API are shared.
    assertTrue(flume.loadClass("com.google.common.base.Preconditions").getClassLoader() == flume);
    assertEquals(sluice.loadClass("org.slf4j.Logger"), flume.loadClass("org.slf4j.Logger"));
    assertEquals(io.sluice.api.Interceptor.class, flume.loadClass("io.sluice.api.Interceptor"));
    // Flume's classes are not on Sluice's side at all.
    assertThrowsClassNotFound(() -> sluice.loadClass("org.apache.flume.Event"));
  }

  @Test
  void unknownShortNamesAndSluiceClassesAreLeftToTheRegistry() {
    var resolver = new FlumeComponentResolver(new FlumeCompatSettings(FlumePluginJar.apiDir(),
        List.of()));
    assertNull(resolver.resolve(ComponentKind.SINK, "hdfss", sluice));
    assertNull(resolver.resolve(ComponentKind.SINK, "io.sluice.core.sink.Nope", sluice));
  }

  @Test
  void withoutFlumesJarsAClassNameGetsAnErrorSayingSo() {
    Lookup l = new FlumeComponentResolver(new FlumeCompatSettings(tmp.resolve("none"), List.of()))
        .resolve(ComponentKind.SINK, "com.example.LineFileSink", sluice);
    assertFalse(l.found());
    assertTrue(l.error().contains("Flume's API jars"), l.error());
  }

  private static void assertThrowsClassNotFound(ThrowingRunnable r) {
    try {
      r.run();
    } catch (ClassNotFoundException e) {
      return;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected ClassNotFoundException");
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
