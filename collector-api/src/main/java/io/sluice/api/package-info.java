/**
 * The contracts of Sluice: events, channels and transactions, sources, sinks, sink processors,
 * selectors, interceptors and their lifecycle. Implementations live in other modules and plug in
 * through {@link io.sluice.api.spi.ComponentFactory}.
 */
package io.sluice.api;
