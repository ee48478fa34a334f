/**
 * Test twins shared through the test-jar: an in-memory transactional channel, a channel processor,
 * a scripted sink, a hand-moved clock and a config helper.
 */
package io.sluice.core.testutil;
