/**
 * Event building blocks shared by sources: {@link io.sluice.core.event.SmallHeaderMap}, the compact
 * header map for events that carry a few headers.
 */
package io.sluice.core.event;
