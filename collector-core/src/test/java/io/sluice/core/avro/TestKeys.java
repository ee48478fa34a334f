package io.sluice.core.avro;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed key stores (PKCS12) and trust stores (JKS) made with the JDK's keytool, as in
 * rpc-protocol's TestTls. Password {@value #PASSWORD}. Shared with integration-tests through the
 * core test-jar.
 */
public record TestKeys(Path keyStore, Path trustStore) {
  public static final String PASSWORD = "changeit";

  /** A key pair for 127.0.0.1/localhost named {@code name}, and a trust store holding its cert. */
  public static TestKeys create(Path dir, String name) throws IOException, InterruptedException {
    return create(dir, name, "dns:localhost,ip:127.0.0.1");
  }

  public static TestKeys create(Path dir, String name, String san)
      throws IOException, InterruptedException {
    Path keys = dir.resolve(name + ".p12");
    Path cert = dir.resolve(name + ".crt");
    Path trust = dir.resolve(name + "-trust.jks");
    keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", PASSWORD,
        "-keypass", PASSWORD);
    keytool("-exportcert", "-alias", name, "-keystore", keys.toString(),
        "-storepass", PASSWORD, "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(),
        "-storetype", "JKS", "-keystore", trust.toString(), "-storepass", PASSWORD);
    return new TestKeys(keys, trust);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
    }
  }
}
