/** Flume's Avro protocol text and hash ({@link io.sluice.rpc.protocol.FlumeProtocol}). */
package io.sluice.rpc.protocol;
