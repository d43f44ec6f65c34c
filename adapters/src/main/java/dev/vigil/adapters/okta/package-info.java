/** Okta System Log: see {@link dev.vigil.adapters.okta.OktaSystemLogAdapter}. */
package dev.vigil.adapters.okta;
