/** AWS CloudTrail: see {@link dev.vigil.adapters.cloudtrail.CloudTrailAdapter}. */
package dev.vigil.adapters.cloudtrail;
