package io.sluice.core.config;

/**
 * One of Flume 1.11's config filters ({@code <agent>.configfilters}): resolves the key of a
 * {@code ${name['key']}} reference in a value, so secrets stay out of config files.
 */
@FunctionalInterface
public interface ConfigFilter {

  /**
   * @return the value for {@code key}, or null when the filter has none
   * @throws Exception when the filter cannot answer (a failing command, an unreadable store)
   */
  String filter(String key) throws Exception;
}
