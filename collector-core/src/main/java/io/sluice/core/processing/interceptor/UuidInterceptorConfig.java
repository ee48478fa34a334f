package io.sluice.core.processing.interceptor;

/** Config of the {@code uuid} interceptor. */
public record UuidInterceptorConfig(String headerName, boolean preserveExisting, String prefix) {}
