/** What the edge sources share to find the components that plugins provide. */
package io.sluice.edge.plugin;
