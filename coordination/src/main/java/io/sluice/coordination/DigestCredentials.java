package io.sluice.coordination;

/**
 * A ZooKeeper digest identity ({@code user:password}) used by writers. Immutable; {@link #toString}
 * never shows the password.
 */
public record DigestCredentials(String user, String password) {

  public DigestCredentials {
    if (user == null || user.isBlank() || user.contains(":")) {
      throw new IllegalArgumentException("digest user must be non-empty and free of ':'");
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("digest password for user '" + user + "' is empty");
    }
  }

  /**
   * Parses {@code user:password} (the password may contain ':').
   *
   * @param origin where the text came from, for the error message (e.g. {@code SLUICE_ZK_DIGEST})
   */
  public static DigestCredentials parse(String text, String origin) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(origin + " must look like user:password");
    }
    return new DigestCredentials(text.substring(0, colon), text.substring(colon + 1));
  }

  /** The bytes ZooKeeper's digest scheme expects in {@code addauth}. */
  byte[] authBytes() {
    return (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "digest user '" + user + "'";
  }
}
