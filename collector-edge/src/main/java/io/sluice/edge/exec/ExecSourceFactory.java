package io.sluice.edge.exec;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Set;

/** Makes the {@code exec} source (Flume's ExecSource). Stateless. */
public final class ExecSourceFactory implements SourceFactory<ExecSourceConfig> {
  static final ConfigKey<String> COMMAND = ConfigKey.string("command").required()
      .check(s -> !s.isBlank(), "a command line").doc("Command whose stdout lines become events");
  static final ConfigKey<String> SHELL = ConfigKey.string("shell")
      .check(s -> !s.isBlank(), "a shell invocation such as /bin/sh -c")
      .doc("Shell the command is passed to as one argument (e.g. /bin/sh -c); unset: no shell");
  static final ConfigKey<Boolean> RESTART = ConfigKey.bool("restart").defaultValue(false)
      .doc("Relaunch the command when it exits");
  static final ConfigKey<Long> RESTART_THROTTLE = ConfigKey.longInt("restartThrottle").defaultValue(10000L)
      .atLeast(0).doc("Wait before a relaunch (ms)");
  static final ConfigKey<Boolean> LOG_STDERR = ConfigKey.bool("logStdErr").defaultValue(false)
      .doc("Log the command's stderr at INFO (rate-limited); otherwise it is discarded");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(20).atLeast(1)
      .doc("Lines per channel transaction");
  static final ConfigKey<Long> BATCH_TIMEOUT = ConfigKey.longInt("batchTimeout").defaultValue(3000L)
      .atLeast(1).doc("A partial batch is committed this long after its first line (ms)");
  static final ConfigKey<String> CHARSET = ConfigKey.string("charset").defaultValue("UTF-8")
      .check(ExecSourceFactory::isSupportedCharset, "a charset this JVM supports")
      .doc("Charset of the command's output");
  static final ConfigKey<Integer> MAX_LINE_LENGTH = ConfigKey.integer("maxLineLength").defaultValue(1 << 20)
      .atLeast(1).doc("Longest line in characters; longer lines are truncated and counted");

  @Override
  public String type() {
    return "exec";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.ExecSource");
  }

  @Override
  public Class<?> componentClass() {
    return ExecSource.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(COMMAND, SHELL, RESTART, RESTART_THROTTLE, LOG_STDERR, BATCH_SIZE, BATCH_TIMEOUT,
        CHARSET, MAX_LINE_LENGTH);
  }

  @Override
  public ExecSourceConfig configure(ConfigValues values) {
    return new ExecSourceConfig(values.get(COMMAND), values.get(SHELL), values.get(RESTART),
        values.get(RESTART_THROTTLE), values.get(LOG_STDERR), values.get(BATCH_SIZE), values.get(BATCH_TIMEOUT),
        Charset.forName(values.get(CHARSET)), values.get(MAX_LINE_LENGTH));
  }

  @Override
  public Source create(ExecSourceConfig config, SourceContext context) {
    return new ExecSource(context.componentName(), config, ExecTimings.DEFAULTS, context.channelProcessor(),
        new ExecCounters(context.metrics()), context::threadFactory);
  }

  private static boolean isSupportedCharset(String name) {
    try {
      return Charset.isSupported(name);
    } catch (IllegalCharsetNameException e) {
      return false;
    }
  }
}
