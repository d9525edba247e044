/**
 * {@code cleanroom token|keys|contract|approve|broker|enclave}: a data owner's, auditor's and
 * (simulated) enclave's calls to a key broker over its HTTP API (docs/protocol.md).
 */
package io.cleanroom.cli.broker;
