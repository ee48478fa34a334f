package io.sluice.kafka;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.login.LoginException;
import org.apache.kafka.common.KafkaException;

/**
 * Makes a component's Kafka clients. A client Kafka cannot make (a Kerberos login that fails, a
 * bad setting only the client checks) becomes an error that names the component, the client and
 * the brokers and gives Kafka's innermost reason in its first line, rather than Kafka's "Failed to
 * construct kafka producer" with the reason three causes down; a failed login also names the
 * principal and keytab its {@code sasl.jaas.config} gives. Stateless.
 */
final class KafkaClients {
  private static final Pattern PRINCIPAL = Pattern.compile("principal\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern KEYTAB = Pattern.compile("keyTab\\s*=\\s*\"([^\"]*)\"");

  private KafkaClients() {}

  /**
   * @param component e.g. {@code sink k1}
   * @param client e.g. {@code producer}
   * @throws IllegalStateException when Kafka cannot make the client
   */
  static <T> T create(String component, String client, Map<String, Object> props,
      Function<Map<String, Object>, T> constructor) {
    try {
      return constructor.apply(props);
    } catch (KafkaException e) {
      Throwable root = e;
      boolean login = false;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
        login |= root instanceof LoginException;
      }
      throw new IllegalStateException(component + ": cannot create its Kafka " + client + " for "
          + props.get("bootstrap.servers") + ": " + root + (login ? loginHint(props) : ""), e);
    }
  }

  private static String loginHint(Map<String, Object> props) {
    Object jaas = props.get("sasl.jaas.config");
    if (jaas == null) {
      return " (no sasl.jaas.config: the JAAS file of -Djava.security.auth.login.config must have a KafkaClient"
          + " section)";
    }
    Matcher principal = PRINCIPAL.matcher(jaas.toString());
    Matcher keytab = KEYTAB.matcher(jaas.toString());
    return " (sasl.jaas.config logs in as " + (principal.find() ? principal.group(1) : "no principal")
        + " from keyTab " + (keytab.find() ? keytab.group(1) : "(none)")
        + ": that principal must be in that keytab, and java.security.krb5.conf must name its KDC)";
  }
}
