package io.sluice.rpc.server;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Flume's {@code ipFilterRules}: comma-separated {@code allow|deny:ip|name:<glob>} rules where
 * {@code *} matches any characters and {@code ?} one. The first matching rule decides; an address
 * that matches no rule is allowed (as in Flume). {@code name} rules match the reverse-DNS host
 * name, which the caller looks up (off any event loop) only when {@link #needsHostName} says such
 * a rule is reached; nothing here blocks. Immutable and thread-safe.
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

  /**
   * Whether deciding for {@code address} needs its host name: a {@code name} rule comes before any
   * {@code ip} rule that matches it. Never blocks.
   */
  public boolean needsHostName(InetAddress address) {
    String text = address.getHostAddress();
    for (Rule r : rules) {
      if (r.byName) {
        return true;
      }
      if (r.pattern.matcher(text).matches()) {
        return false;
      }
    }
    return false;
  }

  /**
   * The rule that decides for this peer, or null when none matches (allowed). Never blocks.
   *
   * @param hostName what {@code name} rules match: its reverse-DNS name, or its address text when it
   *     has none or it was not looked up (as {@link InetAddress#getHostName()} gives then)
   */
  public String matchingRule(InetAddress address, String hostName) {
    Rule r = decidingRule(address, hostName);
    return r == null ? null : r.text;
  }

  /** Whether the peer may connect; see {@link #matchingRule}. Never blocks. */
  public boolean allows(InetAddress address, String hostName) {
    Rule r = decidingRule(address, hostName);
    return r == null || r.allow;
  }

  private Rule decidingRule(InetAddress address, String hostName) {
    String text = address.getHostAddress();
    String name = hostName.toLowerCase(Locale.ROOT);
    for (Rule r : rules) {
      if (r.pattern.matcher(r.byName ? name : text).matches()) {
        return r;
      }
    }
    return null;
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

  private record Rule(String text, boolean allow, boolean byName, Pattern pattern) {}
}
