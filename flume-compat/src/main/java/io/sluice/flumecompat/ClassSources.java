package io.sluice.flumecompat;

import java.net.MalformedURLException;
import java.net.URL;

/** Where a class comes from: the jar or class directory holding its class file. */
final class ClassSources {
  private ClassSources() {}

  /** The root (jar or directory URL) of {@code className} as {@code loader} sees it, or null. */
  static URL rootOf(ClassLoader loader, String className) {
    String resource = className.replace('.', '/') + ".class";
    URL url = loader.getResource(resource);
    if (url == null) {
      return null;
    }
    String s = url.toString();
    try {
      if (s.startsWith("jar:")) {
        int bang = s.indexOf("!/");
        return bang < 0 ? null : new URL(s.substring(4, bang));
      }
      if (s.startsWith("file:") && s.endsWith(resource)) {
        return new URL(s.substring(0, s.length() - resource.length()));
      }
    } catch (MalformedURLException e) {
      return null;
    }
    return null;
  }
}
