package io.sluice.core.config;

import io.sluice.api.config.ConfigProblem;
import io.sluice.core.text.DidYouMean;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Flume 1.11's config filters: {@code <agent>.configfilters = f1 f2}, each with
 * {@code <agent>.configfilters.f1.type} and its own keys, used as {@code ${f1['key']}} in values.
 *
 * <ul>
 *   <li>{@code env} ({@code org.apache.flume.configfilter.EnvironmentVariableConfigFilter}): the
 *       environment variable named by the key;
 *   <li>{@code external} ({@code ...ExternalProcessConfigFilter}): the first line printed by
 *       {@code command} (split on whitespace, the key appended as last argument, as Flume runs it;
 *       a non-zero exit is an error), read in {@code charset} (UTF-8);
 *   <li>{@code hadoop} ({@code ...HadoopCredentialStoreConfigFilter}): the key's password in the
 *       Hadoop credential provider at {@code credential.provider.path}, with an optional
 *       {@code credstore.java-keystore-provider.password-file}. Needs Hadoop's classes, which only
 *       an aggregator has; they are reached by reflection so the core does not depend on Hadoop;
 *   <li>any other class name: a Flume {@code ConfigFilter} implementation on the classpath, called
 *       by reflection ({@code initializeWithConfiguration(Map)}, then {@code filter(String)}).
 * </ul>
 *
 * Each filter answers each key once per load (a command runs once per distinct key).
 */
final class ConfigFilters {
  static final String SECTION = "configfilters";

  private static final String ENV_CLASS = "org.apache.flume.configfilter.EnvironmentVariableConfigFilter";
  private static final String EXTERNAL_CLASS = "org.apache.flume.configfilter.ExternalProcessConfigFilter";
  private static final String HADOOP_CLASS =
      "org.apache.flume.configfilter.HadoopCredentialStoreConfigFilter";
  static final String HADOOP_CONFIGURATION = "org.apache.hadoop.conf.Configuration";
  private static final String PROVIDER_PATH = "credential.provider.path";
  private static final String PASSWORD_FILE = "credstore.java-keystore-provider.password-file";
  private static final long COMMAND_TIMEOUT_SECONDS = 60;

  private ConfigFilters() {}

  /**
   * Builds the filters the agent lists. Their own keys take {@code ${env:..}} and {@code ${sys:..}}
   * but no filter references. A filter that cannot be built is left out: an error in strict mode,
   * a tolerated problem in Flume mode (values naming it then stay as written, as in Flume).
   */
  static Map<String, ConfigFilter> build(String agent, Map<String, String> props,
      ValueSubstitutor substitutor, Findings findings) {
    String listKey = agent + "." + SECTION;
    String prefix = listKey + ".";
    Set<String> names = new LinkedHashSet<>();
    String list = props.get(listKey);
    if (list != null && !list.isBlank()) {
      for (String n : list.trim().split("\\s+")) {
        if (!names.add(n)) {
          findings.ignorable(listKey, "lists '" + n + "' twice", "counted once");
        }
      }
    }
    Map<String, Map<String, String>> keys = new LinkedHashMap<>();
    names.forEach(n -> keys.put(n, new LinkedHashMap<>()));
    props.forEach((k, v) -> {
      if (!k.startsWith(prefix)) {
        return;
      }
      String rest = k.substring(prefix.length());
      int dot = rest.indexOf('.');
      if (dot <= 0 || dot == rest.length() - 1) {
        findings.ignorable(k, "expected " + prefix + "<name>.<key>", "ignored");
        return;
      }
      String name = rest.substring(0, dot);
      Map<String, String> own = keys.get(name);
      if (own == null) {
        findings.note(k, "is ignored: '" + name + "' is not listed in " + listKey);
        return;
      }
      List<ConfigProblem> unresolved = new ArrayList<>();
      own.put(rest.substring(dot + 1), substitutor.substitute(k, v, unresolved));
      unresolved.forEach(p -> findings.ignorable(p.key(), p.message(), "kept as written"));
    });
    Map<String, ConfigFilter> out = new LinkedHashMap<>();
    keys.forEach((name, own) -> {
      ConfigFilter f = create(prefix + name + ".", name, own, substitutor, findings);
      out.put(name, f != null ? cached(f) : key -> {
        throw new IllegalStateException("it is not set up (see " + prefix + name + ".*)");
      });
    });
    return out;
  }

  private static ConfigFilter create(String prefix, String name, Map<String, String> keys,
      ValueSubstitutor substitutor, Findings findings) {
    String typeKey = prefix + "type";
    String type = keys.get("type");
    String dropped = "config filter '" + name + "' is left out; values naming it stay as written";
    if (type == null || type.isBlank()) {
      findings.ignorable(typeKey, "is required: env, external, hadoop or a class name", dropped);
      return null;
    }
    type = type.trim();
    String kind = switch (type.toLowerCase(Locale.ROOT)) {
      case "env", "org.apache.flume.configfilter.environmentvariableconfigfilter" -> "env";
      case "external", "org.apache.flume.configfilter.externalprocessconfigfilter" -> "external";
      case "hadoop", "hadoop_credential_store",
          "org.apache.flume.configfilter.hadoopcredentialstoreconfigfilter" -> "hadoop";
      default -> type.contains(".") ? "class" : null;
    };
    if (kind == null) {
      findings.ignorable(typeKey, "unknown config filter type '" + type + "'"
          + DidYouMean.suggest(type, List.of("env", "external", "hadoop"))
          + "; known types: env, external, hadoop (or Flume's class names, e.g. " + ENV_CLASS + ")",
          dropped);
      return null;
    }
    Map<String, String> own = new LinkedHashMap<>(keys);
    own.remove("type");
    List<String> known = switch (kind) {
      case "env" -> List.of();
      case "external" -> List.of("command", "charset");
      case "hadoop" -> List.of(PROVIDER_PATH, PASSWORD_FILE);
      default -> null; // a class of the user's: any key
    };
    if (known != null) {
      own.keySet().removeIf(k -> {
        if (known.contains(k)) {
          return false;
        }
        findings.ignorable(prefix + k, "unknown key" + DidYouMean.suggest(k, known)
            + (known.isEmpty() ? "; the " + kind + " filter takes no keys" : ""), "ignored");
        return true;
      });
    }
    try {
      return switch (kind) {
        case "env" -> substitutor::env;
        case "external" -> external(prefix, own);
        case "hadoop" -> hadoop(prefix, own);
        default -> flumeClass(typeKey, type, own);
      };
    } catch (FilterConfigException e) {
      findings.ignorable(e.key, e.getMessage(), dropped);
      return null;
    }
  }

  private static ConfigFilter external(String prefix, Map<String, String> keys) {
    String command = keys.get("command");
    if (command == null || command.isBlank()) {
      throw new FilterConfigException(prefix + "command",
          "is required: the command that prints a key's value");
    }
    Charset charset;
    String charsetName = keys.getOrDefault("charset", "UTF-8").trim();
    try {
      charset = Charset.forName(charsetName);
    } catch (RuntimeException e) {
      throw new FilterConfigException(prefix + "charset", "unknown charset '" + charsetName + "'");
    }
    String[] words = command.trim().split("\\s+");
    return key -> runCommand(words, key, charset);
  }

  /** Runs {@code words + key}; the value is the first line of its output. */
  static String runCommand(String[] words, String key, Charset charset)
      throws IOException, InterruptedException {
    String[] argv = Arrays.copyOf(words, words.length + 1);
    argv[words.length] = key;
    Path stderr = Files.createTempFile("sluice-configfilter", ".err");
    try {
      Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE)
          .redirectError(stderr.toFile()).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("'" + String.join(" ", argv) + "' did not finish within "
            + COMMAND_TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new IOException("'" + String.join(" ", argv) + "' exited with status "
            + p.exitValue() + ": " + Files.readString(stderr, StandardCharsets.UTF_8).trim());
      }
      String text = new String(out, charset);
      if (text.isEmpty()) {
        return null;
      }
      int nl = text.indexOf('\n');
      String line = nl < 0 ? text : text.substring(0, nl);
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  private static ConfigFilter hadoop(String prefix, Map<String, String> keys) {
    String path = keys.get(PROVIDER_PATH);
    if (path == null || path.isBlank()) {
      throw new FilterConfigException(prefix + PROVIDER_PATH,
          "is required: the Hadoop credential provider (e.g. jceks://file/etc/sluice/creds.jceks)");
    }
    ClassLoader loader = loader();
    Object conf;
    Method getPassword;
    try {
      Class<?> c = Class.forName(HADOOP_CONFIGURATION, true, loader);
      conf = c.getConstructor().newInstance();
      Method set = c.getMethod("set", String.class, String.class);
      set.invoke(conf, "hadoop.security." + PROVIDER_PATH, path.trim());
      String passwordFile = keys.get(PASSWORD_FILE);
      if (passwordFile != null && !passwordFile.isBlank()) {
        set.invoke(conf, "hadoop.security." + PASSWORD_FILE, passwordFile.trim());
      }
      getPassword = c.getMethod("getPassword", String.class);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new FilterConfigException(prefix + "type", "the hadoop config filter needs Hadoop's"
          + " classes (" + HADOOP_CONFIGURATION + "), which are not on this agent's classpath;"
          + " run it as an aggregator, or use the env or external filter");
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new FilterConfigException(prefix + "type", "cannot set up Hadoop's credential"
          + " provider: " + rootMessage(e));
    }
    Object c = conf;
    return key -> {
      try {
        char[] value = (char[]) getPassword.invoke(c, key);
        return value == null ? null : new String(value);
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof Exception ex ? ex : e;
      }
    };
  }

  private static ConfigFilter flumeClass(String key, String className, Map<String, String> keys) {
    try {
      Class<?> c = Class.forName(className, true, loader());
      Object filter = c.getConstructor().newInstance();
      c.getMethod("initializeWithConfiguration", Map.class).invoke(filter, Map.copyOf(keys));
      Method m = c.getMethod("filter", String.class);
      return k -> {
        try {
          return (String) m.invoke(filter, k);
        } catch (InvocationTargetException e) {
          throw e.getCause() instanceof Exception ex ? ex : e;
        }
      };
    } catch (ClassNotFoundException | LinkageError e) {
      throw new FilterConfigException(key, "class '" + className + "' is not on the classpath");
    } catch (NoSuchMethodException e) {
      throw new FilterConfigException(key, "class '" + className + "' is not a Flume config"
          + " filter (it needs initializeWithConfiguration(Map) and filter(String))");
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new FilterConfigException(key, "cannot set up '" + className + "': "
          + rootMessage(e));
    }
  }

  private static ClassLoader loader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : ConfigFilters.class.getClassLoader();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.toString();
  }

  private static ConfigFilter cached(ConfigFilter f) {
    Map<String, String> answers = new HashMap<>();
    return key -> {
      if (answers.containsKey(key)) {
        return answers.get(key);
      }
      String v = f.filter(key);
      answers.put(key, v);
      return v;
    };
  }

  /** A filter that cannot be built, and the full key at fault. */
  private static final class FilterConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    FilterConfigException(String key, String message) {
      super(message);
      this.key = key;
    }
  }
}
