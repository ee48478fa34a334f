package io.sluice.deploy;

import java.util.List;

/**
 * Reading option values for the launcher's subcommands ({@code quickstart}, {@code drill}); each
 * mistake is an {@link IllegalArgumentException} naming the option. Stateless.
 */
public final class OptionArgs {
  private OptionArgs() {}

  /** The value after {@code option}, at {@code args[i]}. */
  public static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  /** A whole number from {@code min} to {@link Integer#MAX_VALUE}. */
  public static long number(String v, String option, long min) {
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= Integer.MAX_VALUE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " takes a whole number of at least " + min
        + ", not '" + v + "'");
  }
}
