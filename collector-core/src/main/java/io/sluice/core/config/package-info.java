/** Reading Flume-format properties into a validated, typed AgentConfig; every problem is reported at once with its key. */
package io.sluice.core.config;
