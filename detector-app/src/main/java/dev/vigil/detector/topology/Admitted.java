package dev.vigil.detector.topology;

import dev.vigil.detector.ObservedEvent;

/**
 * An input event with the intake's verdict: on time, or late beyond the grace period; and the input
 * partition it was read from, which decides whether it must move to its identity's partition.
 */
record Admitted(ObservedEvent event, boolean late, long streamTimeMs, int partition) {}
