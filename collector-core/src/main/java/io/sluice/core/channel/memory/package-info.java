/** The {@code memory} channel: a bounded in-heap queue, lost when the process stops. */
package io.sluice.core.channel.memory;
