package io.cleanroom.attestation.sim;

import io.cleanroom.attestation.AttestationException;

/**
 * What the simulated TEE puts into a report: the caller's 64 bytes of report data and the build
 * measurement, plus optional host data, debug policy, TCB SPLs and VMPL so that tests can provoke
 * refusals.
 *
 * @param reportData REPORT_DATA (64 bytes)
 * @param measurement MEASUREMENT (48 bytes)
 * @param hostData HOST_DATA (32 bytes)
 * @param debug whether to set policy bit 19 (debug allowed)
 * @param bootloader boot loader SPL
 * @param tee TEE SPL
 * @param snp SNP firmware SPL
 * @param microcode microcode SPL
 * @param vmpl the VMPL the report claims
 */
public record SimulatedReportRequest(
    byte[] reportData,
    byte[] measurement,
    byte[] hostData,
    boolean debug,
    int bootloader,
    int tee,
    int snp,
    int microcode,
    int vmpl) {

  public SimulatedReportRequest {
    reportData = exact(reportData, 64, "report data");
    measurement = exact(measurement, 48, "measurement");
    hostData = exact(hostData, 32, "host data");
  }

  /** Report data and measurement; no host data, no debug, a recent-looking Milan TCB. */
  public static SimulatedReportRequest of(byte[] reportData, byte[] measurement) {
    return new SimulatedReportRequest(
        reportData, measurement, new byte[32], false, 4, 0, 24, 219, 0);
  }

  public SimulatedReportRequest withDebug(boolean v) {
    return new SimulatedReportRequest(
        reportData, measurement, hostData, v, bootloader, tee, snp, microcode, vmpl);
  }

  public SimulatedReportRequest withHostData(byte[] v) {
    return new SimulatedReportRequest(
        reportData, measurement, v, debug, bootloader, tee, snp, microcode, vmpl);
  }

  public SimulatedReportRequest withTcb(int bl, int teeSpl, int snpSpl, int ucode) {
    return new SimulatedReportRequest(
        reportData, measurement, hostData, debug, bl, teeSpl, snpSpl, ucode, vmpl);
  }

  @Override
  public byte[] reportData() {
    return reportData.clone();
  }

  @Override
  public byte[] measurement() {
    return measurement.clone();
  }

  @Override
  public byte[] hostData() {
    return hostData.clone();
  }

  private static byte[] exact(byte[] v, int len, String what) {
    if (v.length != len) {
      throw new AttestationException(
          AttestationException.Code.SIMULATOR,
          what + " must be " + len + " bytes, got " + v.length);
    }
    return v.clone();
  }
}
