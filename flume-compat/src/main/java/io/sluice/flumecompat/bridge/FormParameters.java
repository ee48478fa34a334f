package io.sluice.flumecompat.bridge;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The parameters of an {@code application/x-www-form-urlencoded} body, as a servlet reads them. */
final class FormParameters {
  static final String FORM_TYPE = "application/x-www-form-urlencoded";

  private FormParameters() {}

  /** Whether a request of this {@code Content-Type} carries form parameters in its body. */
  static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return mime.toLowerCase(Locale.ROOT).equals(FORM_TYPE);
  }

  /**
   * Adds the body's {@code name=value} pairs to {@code into}, in order.
   *
   * @throws IllegalArgumentException for a broken {@code %} escape
   */
  static void parse(String body, Charset charset, Map<String, List<String>> into) {
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
      into.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
  }

  /** A copy of {@code query}, decoded parameters in order, for {@link #parse} to add to. */
  static Map<String, List<String>> copyOf(Map<String, List<String>> query) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    query.forEach((k, v) -> all.put(k, new ArrayList<>(v)));
    return all;
  }
}
