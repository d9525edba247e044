/**
 * The sealed dataset format: columnar, client-side encrypted Arrow datasets that only a holder of
 * the dataset key (an attested enclave, or the owner) can read. See {@code docs/format.md}.
 */
package io.cleanroom.crypto.dataset;
