package io.sluice.core.processing.interceptor;

import java.util.regex.Pattern;

/**
 * Config of the {@code regex_filter} interceptor.
 *
 * @param regex searched for (not matched whole) in the body
 * @param excludeEvents drop matching events (true) or keep only matching events (false)
 */
public record RegexFilteringInterceptorConfig(Pattern regex, boolean excludeEvents) {}
