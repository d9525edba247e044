/**
 * The verifiable log: an RFC 9162 Merkle tree over the log's events, its inclusion and consistency
 * proofs, their offline verification and the tree heads that the log signs.
 */
package io.cleanroom.crypto.log;
