package io.sluice.rpc.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;

/**
 * A key or trust store file: Flume's {@code keystore}/{@code keystore-type}/{@code
 * keystore-password} (and the truststore equivalents). Immutable.
 *
 * @param type {@code JKS} or {@code PKCS12}
 * @param password may be null for a trust store without integrity check
 */
public record KeyStoreSource(Path path, String type, String password) {
  public KeyStoreSource {
    Objects.requireNonNull(path, "path");
    type = type == null || type.isBlank() ? "JKS" : type;
  }

  /** Loads the store; the error names the file. */
  public KeyStore load() {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore ks = KeyStore.getInstance(type);
      ks.load(in, passwordChars());
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot load " + type + " store " + path + ": " + e.getMessage(), e);
    }
  }

  char[] passwordChars() {
    return password == null ? null : password.toCharArray();
  }

  @Override
  public String toString() {
    return "KeyStoreSource[" + path + ", " + type + "]";
  }
}
