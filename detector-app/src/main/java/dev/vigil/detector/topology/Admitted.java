package dev.vigil.detector.topology;

import dev.vigil.detector.ObservedEvent;

/** An input event with the intake's verdict: on time, or late beyond the grace period. */
record Admitted(ObservedEvent event, boolean late, long streamTimeMs) {}
