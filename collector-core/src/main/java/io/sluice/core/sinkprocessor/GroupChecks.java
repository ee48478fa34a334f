package io.sluice.core.sinkprocessor;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.spi.SinkGroupContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Creation-time checks shared by the processor factories; errors name the relative key. */
final class GroupChecks {
  private GroupChecks() {}

  static void requireAtLeast(SinkGroupContext context, int min, String type) {
    if (context.discoveredMembers()) {
      return; // members come and go at run time; an empty group just waits for them
    }
    int n = context.sinks().size();
    if (n < min) {
      throw new ConfigException("sinks", "the " + type + " sink processor needs at least " + min
          + " sink(s), the group lists " + n + " " + context.sinks().keySet());
    }
  }

  /** Every name must be a sink of the group; reports each stray one as {@code <prefix><name>}. */
  static void requireMembers(Collection<String> names, String keyPrefix, SinkGroupContext context) {
    if (context.discoveredMembers()) {
      return; // priorities may name members that have not joined yet
    }
    List<ConfigProblem> problems = new ArrayList<>();
    for (String name : names) {
      if (!context.sinks().containsKey(name)) {
        problems.add(new ConfigProblem(keyPrefix + name, "sink '" + name
            + "' is not in this sink group (its sinks: " + String.join(", ", context.sinks().keySet()) + ")"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
