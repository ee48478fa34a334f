package io.sluice.core.source;

/** One line a netcat client sent; {@code truncated} when bytes past {@code max-line-length} were discarded. */
record NetcatLine(byte[] body, boolean truncated) {}
