/** The enclave's HTTP API (docs/protocol.md) and its problem-details error mapping. */
package io.cleanroom.enclave.rest;
