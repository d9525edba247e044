/** Canonical JSON (RFC 8785) and digests: the byte forms that the project hashes and signs. */
package io.cleanroom.crypto.json;
