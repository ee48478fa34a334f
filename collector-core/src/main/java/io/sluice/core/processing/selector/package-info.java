/**
 * Channel selectors ({@code replicating}, {@code multiplexing}): each a factory, a typed config
 * record and an immutable, thread-safe selector. Their keys are a source's {@code selector.*} keys
 * with the {@code selector.} prefix removed.
 */
package io.sluice.core.processing.selector;
