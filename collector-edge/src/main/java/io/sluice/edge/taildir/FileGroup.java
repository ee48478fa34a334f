package io.sluice.edge.taildir;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code filegroups.<name>} entry: a directory and a regular expression that a file's name
 * must match in full (Flume's form: {@code /var/log/app/.*\.log}), plus the group's static headers
 * ({@code headers.<name>.<key>}).
 */
record FileGroup(String name, Path directory, Pattern fileName, Map<String, String> headers) {

  boolean matches(Path file) {
    return file.getParent() != null && file.getParent().equals(directory)
        && fileName.matcher(file.getFileName().toString()).matches();
  }
}
