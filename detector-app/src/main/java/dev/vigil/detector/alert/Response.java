package dev.vigil.detector.alert;

import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;

/** What the revocation stage decided for one alert: the alert, and its command unless capped. */
public record Response(Alert alert, RevocationCommand command) {}
