package io.sluice.api.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration has one or more problems; all of them are listed, each naming its key. */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String key, String message) {
    this(List.of(new ConfigProblem(key, message)));
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigProblem> problems) {
    return problems.size() + " configuration problem(s):\n  "
        + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n  "));
  }
}
