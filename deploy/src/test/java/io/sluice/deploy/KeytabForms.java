package io.sluice.deploy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;

/**
 * The ways a keytab's content could show up in a log line: every key as hex (both cases), base64
 * and Java's {@code byte[]} form, and the whole file as hex and base64. Stateless.
 */
final class KeytabForms {
  private KeytabForms() {}

  static List<String> of(Path keytab) throws Exception {
    List<String> forms = new ArrayList<>();
    for (byte[] key : keys(keytab)) {
      forms.addAll(encodings(key));
      // A prefix of the array form: a log line may print only the start of it.
      forms.add(Arrays.toString(Arrays.copyOf(key, 6)).replace("]", ""));
    }
    forms.addAll(encodings(Files.readAllBytes(keytab)));
    return forms;
  }

  /** The key bytes of every entry. */
  static List<byte[]> keys(Path keytab) throws Exception {
    List<byte[]> keys = new ArrayList<>();
    Keytab kt = Keytab.loadKeytab(new File(keytab.toString()));
    for (PrincipalName p : kt.getPrincipals()) {
      for (KeytabEntry e : kt.getKeytabEntries(p)) {
        keys.add(e.getKey().getKeyData());
      }
    }
    return keys;
  }

  private static List<String> encodings(byte[] bytes) {
    String hex = HexFormat.of().formatHex(bytes);
    return List.of(hex, hex.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(bytes));
  }
}
