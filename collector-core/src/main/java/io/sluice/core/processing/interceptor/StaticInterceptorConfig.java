package io.sluice.core.processing.interceptor;

/** Config of the {@code static} interceptor: one fixed header. */
public record StaticInterceptorConfig(String key, String value, boolean preserveExisting) {}
