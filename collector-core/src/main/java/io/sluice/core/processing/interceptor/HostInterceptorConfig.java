package io.sluice.core.processing.interceptor;

/** Config of the {@code host} interceptor. */
public record HostInterceptorConfig(String hostHeader, boolean useIP, boolean preserveExisting) {}
