package io.sluice.core.processing.interceptor;

/** Config of the {@code timestamp} interceptor. */
public record TimestampInterceptorConfig(String headerName, boolean preserveExisting) {}
