/** Intel TDX: DCAP quote parsing, the PCK chain, collateral (TCB info, QE identity, CRLs), TCB. */
package io.cleanroom.attestation.tdx;
