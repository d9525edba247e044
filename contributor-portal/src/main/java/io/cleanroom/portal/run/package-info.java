/**
 * Runs of approved queries: asked of the enclave by the portal, followed until they end, their
 * results kept for the contract's result recipients with the enclave's signed receipts.
 */
package io.cleanroom.portal.run;
