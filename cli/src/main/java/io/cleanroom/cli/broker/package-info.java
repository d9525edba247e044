/**
 * {@code cleanroom token|keys|contract|approve|broker|enclave}: a data owner's, auditor's and
 * (simulated) enclave's calls to a key broker over its HTTP API, and the analyst's runs in the
 * enclave service over its HTTP API (docs/protocol.md).
 */
package io.cleanroom.cli.broker;
