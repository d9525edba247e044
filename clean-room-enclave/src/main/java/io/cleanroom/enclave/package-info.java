/** The clean room enclave service: runs approved queries on sealed data inside a TEE. */
package io.cleanroom.enclave;
