/**
 * The collaborations' verifiable logs (docs/audit.md): storage, the portal's log key, exports and
 * the key brokers' entries brought in.
 */
package io.cleanroom.portal.log;
