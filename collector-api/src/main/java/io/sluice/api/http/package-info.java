/**
 * The {@code http} source's handler contract: a {@link io.sluice.api.http.HttpSourceHandler} turns
 * one request into the events of one transaction (Sluice's counterpart of Flume's
 * {@code HTTPSourceHandler}), and the SPI that resolves handler classes of other kinds (the
 * Flume-API adapter runs handlers built against Flume's servlet-based interface).
 */
package io.sluice.api.http;
