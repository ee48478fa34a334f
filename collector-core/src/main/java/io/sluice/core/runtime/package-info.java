/** Component contexts and named threads. */
package io.sluice.core.runtime;
