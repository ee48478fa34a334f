/**
 * What the edge's network sources (syslog, HTTP) share about their connections, apart from any
 * one protocol.
 */
package io.sluice.edge.net;
