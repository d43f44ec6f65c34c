/**
 * Log-source adapters: pure mappings from vendors' audit records to Vigil contract events ({@link
 * dev.vigil.events.AuthEvent}, {@link dev.vigil.events.TokenUseEvent}). No Kafka here; the detector
 * application calls this API from its ingestion topology and tools.
 *
 * <h2>The API</h2>
 *
 * <pre>{@code
 * SourceAdapter adapter = SourceAdapters.byName("cloudtrail", config);   // or byName(name)
 * try (VendorFileReader reader = VendorFileReader.open(path)) {            // files: any shape
 *   while (reader.hasNext()) {
 *     VendorRecord record = reader.next();
 *     if (!record.readable()) { deadLetter(record.location(), record.error()); continue; }
 *     AdapterResult result = adapter.map(record.json());                   // Kafka: map(value)
 *     switch (result.status()) {
 *       case MAPPED -> result.events().forEach(this::produce);            // AuthEvent | TokenUseEvent
 *       case SKIPPED -> count(result.reason());                          // e.g. non-final-stage
 *       case UNMAPPABLE -> deadLetter(result.reason());                  // e.g. missing-field:eventID
 *     }
 *   }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.vigil.adapters.SourceAdapters}: every source by name ({@code cloudtrail}, {@code
 *       kubernetes}, {@code vault}, {@code github}, {@code okta}, {@code entra}, {@code mcp}); the
 *       name is also the raw topic's suffix ({@code raw.cloudtrail}).
 *   <li>{@link dev.vigil.adapters.SourceAdapter}: {@code map(JsonNode)} one record (the vendor's
 *       own or inside a shipper envelope) to an {@link dev.vigil.adapters.AdapterResult}; pure,
 *       thread-safe, never throws.
 *   <li>{@link dev.vigil.adapters.AdapterResult}: mapped events, or a skip / dead-letter reason
 *       code from {@link dev.vigil.adapters.Reasons}.
 *   <li>{@link dev.vigil.adapters.VendorFileReader}: streams the records of a file in any of the
 *       vendors' shapes (JSON array, {@code {"Records":[…]}} and other containers, JSON lines,
 *       gzip), reporting unreadable lines instead of failing.
 *   <li>{@link dev.vigil.adapters.AdapterConfig}: the {@link dev.vigil.adapters.TokenFingerprints}
 *       key for tokens only a secret identifies, and an optional {@link
 *       dev.vigil.adapters.enrich.NetworkEnricher} (MaxMind databases: {@link
 *       dev.vigil.adapters.enrich.MaxMindNetworkEnricher}).
 * </ul>
 *
 * <h2>Rules every adapter keeps</h2>
 *
 * <ul>
 *   <li>Token ids come from identifiers that are not secrets (access key ids, JTIs, accessors,
 *       hashed tokens, token uids); a token known only by its secret is keyed by HMAC under the
 *       configured key, or left without id when no key is configured. Secrets never appear in an
 *       event: fields are copied from an allow-list, and copied free text is scrubbed of credential
 *       shapes ({@link dev.vigil.adapters.common.SecretShapes}).
 *   <li>Event ids are the vendor's stable record id; a second event from one record gets a fixed
 *       suffix ({@code #token-issued}), so re-reading a log never duplicates events.
 *   <li>{@code source.workload_id} and {@code source.binding} are set only from what the vendor
 *       verified about the caller (or, on issuance, what the credential was bound to); where a
 *       credential was delivered is the {@code credential_context} attribute.
 * </ul>
 *
 * Per-source mapping tables, detection coverage and shipping examples: {@code docs/SOURCES.md}.
 */
package dev.vigil.adapters;
