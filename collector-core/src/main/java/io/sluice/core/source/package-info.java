/** Built-in demo sources: {@code seq} (pollable) and {@code netcat} (event-driven). */
package io.sluice.core.source;
