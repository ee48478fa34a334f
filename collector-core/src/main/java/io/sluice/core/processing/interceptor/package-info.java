/**
 * Flume's interceptors with their names, keys and defaults: {@code timestamp}, {@code host},
 * {@code static}, {@code remove_header}, {@code uuid}, {@code regex_filter} and
 * {@code regex_extractor}. Each is a factory, a typed config record and a thread-safe interceptor;
 * their keys are a source's {@code interceptors.<name>.*} keys with that prefix removed.
 */
package io.sluice.core.processing.interceptor;
