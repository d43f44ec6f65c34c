/**
 * Kubernetes API server audit logs: see {@link
 * dev.vigil.adapters.kubernetes.KubernetesAuditAdapter}.
 */
package dev.vigil.adapters.kubernetes;
