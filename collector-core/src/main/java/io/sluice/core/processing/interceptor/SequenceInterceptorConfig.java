package io.sluice.core.processing.interceptor;

import java.util.Optional;

/**
 * Config of the {@code sequence} interceptor.
 *
 * @param origin the origin to stamp; empty for {@code <agent>@<host>}
 */
public record SequenceInterceptorConfig(String headerName, Optional<String> origin) {}
