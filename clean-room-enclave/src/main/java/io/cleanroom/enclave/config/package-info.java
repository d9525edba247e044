/** The enclave's typed configuration ({@code enclave.*}, docs/enclave.md). */
package io.cleanroom.enclave.config;
