/**
 * Interactive queries over HTTP: endpoints keyed by identity ({@code GET /identities/{id}}) served
 * by whichever instance owns the identity's partition. {@link dev.vigil.runtime.query.OwnerRouting}
 * finds the owner and forwards to it, {@link dev.vigil.runtime.query.IdentityEndpoint} is the
 * handler any such endpoint is built from (auth, routing, "moving, retry", 404), and each endpoint
 * supplies only its local answer ({@link dev.vigil.runtime.query.ProfileAnswer}).
 */
package dev.vigil.runtime.query;
