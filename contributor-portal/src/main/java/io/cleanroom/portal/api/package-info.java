/** The portal's HTTP API (docs/portal.md): resources, the caller, RFC 9457 errors. */
package io.cleanroom.portal.api;
