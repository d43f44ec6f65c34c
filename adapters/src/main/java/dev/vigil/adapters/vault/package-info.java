/** HashiCorp Vault audit devices: see {@link dev.vigil.adapters.vault.VaultAuditAdapter}. */
package dev.vigil.adapters.vault;
