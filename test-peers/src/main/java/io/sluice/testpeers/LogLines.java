package io.sluice.testpeers;

import java.util.List;

/**
 * The log lines a test captured, searched by text: a test's own log capture, passed as
 * {@code log::linesContaining}. An interface, so this module needs no logging backend.
 */
@FunctionalInterface
public interface LogLines {
  /** Every captured line that contains {@code text}, in the order logged. */
  List<String> containing(String text);
}
