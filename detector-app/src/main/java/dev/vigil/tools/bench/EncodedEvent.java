package dev.vigil.tools.bench;

/**
 * One event already in its wire form, so producing it costs the broker, not the encoder.
 *
 * @param eventTime the event's time, epoch milliseconds
 */
record EncodedEvent(String topic, byte[] key, byte[] value, long eventTime) {}
