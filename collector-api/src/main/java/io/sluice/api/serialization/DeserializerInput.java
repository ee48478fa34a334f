package io.sluice.api.serialization;

import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;

/**
 * The bytes a deserializer reads: a file from {@code start} up to {@code limit} (the size it had
 * when the source picked it up, so bytes appended later are never half-read), and how text in it
 * is decoded.
 *
 * @param channel the open file; the deserializer closes it when it is closed
 * @param start the byte offset to start reading at
 * @param limit the byte offset reading stops at
 * @param charset the source's {@code inputCharset}
 * @param onDecodeError the source's {@code decodeErrorPolicy}: REPORT (FAIL), REPLACE or IGNORE
 */
public record DeserializerInput(
    FileChannel channel, long start, long limit, Charset charset, CodingErrorAction onDecodeError) {}
