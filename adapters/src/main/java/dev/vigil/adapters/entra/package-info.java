/**
 * Microsoft Entra sign-in and Graph activity logs: see {@link
 * dev.vigil.adapters.entra.EntraAdapter}.
 */
package dev.vigil.adapters.entra;
