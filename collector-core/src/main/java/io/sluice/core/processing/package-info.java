/**
 * Everything between a source and its channels: the {@link
 * io.sluice.core.processing.DefaultChannelProcessor} that runs a source's interceptors, asks its
 * channel selector where each event goes and puts the events in one transaction per channel.
 * Selectors live in {@code selector}, interceptors in {@code interceptor}.
 */
package io.sluice.core.processing;
