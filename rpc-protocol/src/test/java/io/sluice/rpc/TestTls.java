package io.sluice.rpc;

import io.sluice.rpc.tls.KeyStoreSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Self-signed key and trust stores for 127.0.0.1/localhost, made with the JDK's keytool. */
public record TestTls(KeyStoreSource serverKeys, KeyStoreSource trust, Path certFile) {
  public static final String PASSWORD = "changeit";

  public static TestTls create(Path dir) throws IOException, InterruptedException {
    return create(dir, "server", "dns:localhost,ip:127.0.0.1");
  }

  /** @param san the certificate's subject alternative names, keytool syntax */
  public static TestTls create(Path dir, String name, String san)
      throws IOException, InterruptedException {
    Path keys = dir.resolve(name + ".p12");
    Path cert = dir.resolve(name + ".crt");
    Path trust = dir.resolve(name + "-trust.jks");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=localhost", "-ext", "SAN=" + san, "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", PASSWORD,
        "-keypass", PASSWORD);
    keytool("-exportcert", "-alias", "server", "-keystore", keys.toString(),
        "-storepass", PASSWORD, "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(),
        "-storetype", "JKS", "-keystore", trust.toString(), "-storepass", PASSWORD);
    return new TestTls(new KeyStoreSource(keys, "PKCS12", PASSWORD),
        new KeyStoreSource(trust, "JKS", PASSWORD), cert);
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
