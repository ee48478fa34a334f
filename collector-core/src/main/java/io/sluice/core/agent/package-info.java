/** The agent runtime: supervised units for channels, sources and sink groups, reload planning, shutdown drain, and the config sources an agent follows. */
package io.sluice.core.agent;
