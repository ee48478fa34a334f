package io.sluice.core.agent;

import io.sluice.core.config.FlumeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flume 1.10+'s {@code --conf-uri}: one or more {@code http:}, {@code https:}, {@code file:} or
 * {@code classpath:} URIs, merged in order (later ones override), read again on every poll so a
 * changed document is reloaded like a changed file. With credentials, HTTP requests carry basic
 * authentication ({@code --conf-user}/{@code --conf-password}). A status other than 200 is an
 * error: the agent does not start, or, on reload, keeps its running config.
 */
public final class UriConfigSource implements ConfigSource {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Basic-authentication credentials. */
  public record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=***]";
    }
  }

  private final List<URI> uris;
  private final Optional<Credentials> credentials;

  public UriConfigSource(List<URI> uris, Optional<Credentials> credentials) {
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("at least one config URI is needed");
    }
    for (URI u : uris) {
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!List.of("http", "https", "file", "classpath").contains(scheme)) {
        throw new IllegalArgumentException("config URI '" + u + "' must be http:, https:, file:"
            + " or classpath:");
      }
    }
    this.uris = List.copyOf(uris);
    this.credentials = credentials;
  }

  @Override
  public Map<String, String> read() throws IOException {
    Map<String, String> merged = new LinkedHashMap<>();
    for (URI u : uris) {
      merged.putAll(readOne(u));
    }
    return merged;
  }

  private Map<String, String> readOne(URI uri) throws IOException {
    switch (uri.getScheme().toLowerCase(java.util.Locale.ROOT)) {
      case "file":
        return FlumeProperties.read(Path.of(uri));
      case "classpath": {
        String name = uri.getSchemeSpecificPart().replaceFirst("^/+", "");
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (cl != null ? cl : getClass().getClassLoader())
            .getResourceAsStream(name)) {
          if (in == null) {
            throw new IOException(uri + ": no such resource on the classpath");
          }
          return FlumeProperties.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      default:
        return FlumeProperties.parse(get(uri));
    }
  }

  private String get(URI uri) throws IOException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    try {
      c.setConnectTimeout((int) TIMEOUT.toMillis());
      c.setReadTimeout((int) TIMEOUT.toMillis());
      c.setUseCaches(false);
      credentials.ifPresent(cr -> c.setRequestProperty("Authorization", "Basic " + Base64
          .getEncoder().encodeToString((cr.user() + ":" + cr.password())
              .getBytes(StandardCharsets.UTF_8))));
      int status = c.getResponseCode();
      if (status != 200) {
        throw new IOException("GET " + uri + " answered HTTP " + status
            + (status == 401 ? credentials.isPresent() ? " (the credentials were refused)"
                : " (give --conf-user and --conf-password)" : ""));
      }
      try (InputStream in = c.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } finally {
      c.disconnect();
    }
  }

  @Override
  public String describe() {
    return uris.size() == 1 ? uris.get(0).toString() : uris.toString();
  }
}
