package dev.vigil.runtime.config;

/** One configured value and the layer it came from. */
public record Setting(String value, Origin origin) {}
