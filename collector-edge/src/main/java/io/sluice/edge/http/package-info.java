/**
 * The {@code http} source (Flume's {@code HTTPSource}) on Netty's HTTP codec: Flume's keys and
 * handlers ({@link io.sluice.edge.http.JsonHandler}, {@link io.sluice.edge.http.BlobHandler}),
 * Sluice's {@link io.sluice.edge.http.NdjsonHandler}, user handlers through {@link
 * io.sluice.api.http.HttpSourceHandler}, TLS, a request-size limit enforced while reading, and a
 * 503 with {@code Retry-After} instead of a lost request when the channel is full. See {@code
 * docs/sources/http.md}.
 */
package io.sluice.edge.http;
