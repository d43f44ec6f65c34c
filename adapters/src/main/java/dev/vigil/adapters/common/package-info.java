/**
 * What every adapter shares: null-safe JSON reading ({@link dev.vigil.adapters.common.Json}),
 * vendor timestamps ({@link dev.vigil.adapters.common.Times}), shipper envelopes ({@link
 * dev.vigil.adapters.common.Envelopes}), the never-throwing base class ({@link
 * dev.vigil.adapters.common.VendorAdapter}) and the secret scrubber ({@link
 * dev.vigil.adapters.common.SecretShapes}). Public for the adapter packages, not an API.
 */
package dev.vigil.adapters.common;
