package io.sluice.rpc.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Flume's {@code ipFilterRules}: comma-separated {@code allow|deny:ip|name:<glob>} rules where
 * {@code *} matches any characters and {@code ?} one. The first matching rule decides; an address
 * that matches no rule is allowed (as in Flume). {@code name} rules match the reverse-DNS host
 * name, which is looked up only when such a rule is reached. Immutable and thread-safe.
 */
public final class IpFilterRules {
  private final List<Rule> rules;
  private final String text;

  private IpFilterRules(List<Rule> rules, String text) {
    this.rules = List.copyOf(rules);
    this.text = text;
  }

  /**
   * Parses the rules.
   *
   * @throws IllegalArgumentException naming {@code ipFilterRules} and the bad rule
   */
  public static IpFilterRules parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : text.split(",")) {
      String rule = raw.trim();
      if (rule.isEmpty()) {
        continue;
      }
      String[] parts = rule.split(":", 3);
      if (parts.length != 3
          || !(parts[0].equals("allow") || parts[0].equals("deny"))
          || !(parts[1].equals("ip") || parts[1].equals("name"))
          || parts[2].isEmpty()) {
        throw new IllegalArgumentException("ipFilterRules: '" + rule
            + "' is not of the form allow|deny:ip|name:<pattern>");
      }
      rules.add(new Rule(rule, parts[0].equals("allow"), parts[1].equals("name"), glob(parts[2])));
    }
    return new IpFilterRules(rules, text);
  }

  /** The rule that decides for this peer, or null when none matches (allowed). */
  public String matchingRule(InetSocketAddress peer) {
    for (Rule r : rules) {
      if (r.matches(peer)) {
        return r.text;
      }
    }
    return null;
  }

  public boolean allows(InetSocketAddress peer) {
    for (Rule r : rules) {
      if (r.matches(peer)) {
        return r.allow;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }

  private static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
  }

  private record Rule(String text, boolean allow, boolean byName, Pattern pattern) {
    boolean matches(InetSocketAddress peer) {
      if (peer.getAddress() == null) {
        return false;
      }
      String subject = byName
          ? peer.getAddress().getHostName().toLowerCase(Locale.ROOT)
          : peer.getAddress().getHostAddress();
      return pattern.matcher(subject).matches();
    }
  }
}
