/**
 * Runners: the threads that step sink processors and pollable sources, with their backoff. The
 * framework owns every loop; components expose one step.
 */
package io.sluice.core.runner;
