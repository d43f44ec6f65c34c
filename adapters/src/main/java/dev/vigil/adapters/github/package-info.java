/** GitHub audit log: see {@link dev.vigil.adapters.github.GitHubAuditAdapter}. */
package dev.vigil.adapters.github;
