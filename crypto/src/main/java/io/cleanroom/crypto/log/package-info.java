/**
 * The verifiable log: an RFC 9162 Merkle tree over the log's events, its inclusion and consistency
 * proofs, their offline verification, the tree heads that the log signs, and the log's export file
 * with its offline verifier.
 */
package io.cleanroom.crypto.log;
