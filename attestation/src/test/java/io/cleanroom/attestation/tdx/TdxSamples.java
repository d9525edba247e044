package io.cleanroom.attestation.tdx;

import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.evidence.TcbStatus;
import io.cleanroom.attestation.evidence.TdxCollateral;
import io.cleanroom.attestation.evidence.TdxEvidence;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The genuine TDX quotes of the shared folder, the collateral PROVENANCE.md pairs with them, the
 * fixed date it gives, the outcome it expects, and fields it decodes independently.
 */
record TdxSamples(
    String quote,
    List<String> collateral,
    String now,
    boolean verified,
    TcbStatus status,
    int version,
    String fmspc,
    String teeTcbSvn4,
    boolean debug,
    String mrtd16,
    String reportData32,
    int qeSvn) {

  static final String SIGNING_CHAIN = "tdx/intel-roots/intel_sgx_tcb_signing_chain.pem";
  static final String ZERO32 = "00".repeat(32);

  static Stream<TdxSamples> all() {
    return Stream.of(
        new TdxSamples(
            "tdx/dcap-qvl/tdx_quote",
            List.of("tdx/dcap-qvl/tdx_quote_collateral.json"),
            "2025-07-01",
            true,
            TcbStatus.UP_TO_DATE,
            4,
            "b0c06f000000",
            "06010300",
            false,
            "91eb2b44d141d4ece09f0c75c2c53d24",
            "9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9",
            6),
        new TdxSamples(
            "tdx/dcap-qvl/tdx_quote_outdated",
            List.of("tdx/dcap-qvl/tdx_quote_outdated_collateral.json"),
            "2026-03-01",
            false,
            TcbStatus.NO_MATCHING_TCB_LEVEL,
            5,
            "90c06f000000",
            "07010300",
            false,
            "273828c46252fcbdd8ad2dd907130222",
            "d2142b643598eb5fae2bc8529dd79a558b29f868ccbb6531cb28dab9dce47728",
            7),
        new TdxSamples(
            "tdx/dcap-qvl/near_quote.bin",
            List.of("tdx/dcap-qvl/near_quote_collateral.json"),
            "2025-09-15",
            true,
            TcbStatus.UP_TO_DATE,
            4,
            "20a06f000000",
            "06010400",
            false,
            "f06dfda6dce1cf904d4e2bab1dc37063",
            "0001d579ba6e734a1046feb6112f852df5f4f1e44a4e7ce1755ce3b07bd6aaab",
            6),
        new TdxSamples(
            "tdx/dcap-qvl/tdx-quote.bin",
            List.of(),
            "2025-01-01",
            true,
            TcbStatus.NOT_EVALUATED,
            4,
            "b0c06f000000",
            "05010200",
            false,
            "7ba9e262ce6979087e34632603f354dd",
            "7148f47ef58b475fce69b386e2d6b4c964a9533cc328ea8e544db66612a51746",
            6),
        new TdxSamples(
            "tdx/dcap-qvl/quote-from-tappd.bin",
            List.of(),
            "2025-01-01",
            true,
            TcbStatus.NOT_EVALUATED,
            4,
            "b0c06f000000",
            "05010200",
            false,
            "c68518a0ebb42136c12b2275164f8c72",
            "7668c6b4eafb62301c72714ecc7d90ce9a0e04b52dc117720df2047b0a59f1db",
            6),
        new TdxSamples(
            "tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat",
            List.of(
                "tdx/go-tdx-guest/sample_tcbInfo_response",
                "tdx/go-tdx-guest/sample_qeIdentity_response",
                "tdx/go-tdx-guest/pckcrl",
                SIGNING_CHAIN),
            "2023-07-01T01:00:00Z",
            false,
            TcbStatus.NO_MATCHING_TCB_LEVEL,
            4,
            "50806f000000",
            "03000400",
            false,
            "6363b8043668a3ad953278e10389574d",
            "6c62dec1b8191749a31dab490be532a35944dea47caef1f980863993d9899545",
            4),
        new TdxSamples(
            "tdx/go-tdx-guest/quote_v5_sample.dat",
            List.of("tdx/go-tdx-guest/sample_tcbinfo_response_v5", SIGNING_CHAIN),
            "2026-02-03T01:00:00Z",
            true,
            TcbStatus.UP_TO_DATE,
            5,
            "90c06f000000",
            "0b010400",
            false,
            "7348651a34b2d2d3462822e3a750ec61",
            "945eaacf5abc1f719d8666a942fda03d1edcb4490277396093dc5a5289ab9f1e",
            7),
        new TdxSamples(
            "tdx/go-tdx-guest/ccel_cos-113-tdx-quote.dat",
            List.of(),
            "2025-01-01",
            true,
            TcbStatus.NOT_EVALUATED,
            4,
            "00806f050000",
            "04010700",
            false,
            "dae67181d3d65e073ad8f95b7907d5e9",
            ZERO32,
            6),
        new TdxSamples(
            "tdx/trustee/tdx_quote_4.dat",
            List.of(),
            "2024-01-01",
            true,
            TcbStatus.NOT_EVALUATED,
            4,
            "50806f000000",
            "03000500",
            true,
            "705ee9381b8633a9fbe532b52345e843",
            "7c71fe2c86eff65a7cf8dbc22b3275689fd0464a267baced1bf94fc1324656ae",
            4),
        new TdxSamples(
            "tdx/trustee/tdx_quote_5.dat",
            List.of(),
            "2025-01-01",
            true,
            TcbStatus.NOT_EVALUATED,
            5,
            "90c06f000000",
            "05010200",
            false,
            "dfba221b48a22af8511542ee796603f3",
            "6d6ab13b046cff606ac0074be13981b07b6325dba10b5facc96febf551c0c3be",
            6),
        new TdxSamples(
            "tdx/trustee/tdx_quote_6.dat",
            List.of("tdx/trustee/tcbInfo.json", "tdx/trustee/enclaveIdentity.json", SIGNING_CHAIN),
            "2025-11-01",
            true,
            TcbStatus.OUT_OF_DATE,
            4,
            "00a06d080000",
            "05030200",
            false,
            "21e8dead92d6c69d7cbba79816686c03",
            "26cae1c77185617fb6a03fc29bf1f924596e52352b9b7594940b576ae126cd4a",
            7),
        new TdxSamples(
            "tdx/azure/td-quote.bin",
            List.of(),
            "2024-01-01",
            true,
            TcbStatus.NOT_EVALUATED,
            4,
            "00806f050000",
            "02010600",
            false,
            "024a32b070383331181619fa387cb4d5",
            "9734504f161d104c74e3165c15f779b06a9bb40dfa71937817d7eee68e593839",
            5),
        new TdxSamples(
            "tdx/oak/tdx_oc_evidence.quote.bin",
            List.of(),
            "2026-01-01",
            true,
            TcbStatus.NOT_EVALUATED,
            4,
            "00806f050000",
            "08010800",
            false,
            "7b5ee9a304d036f963dbd194c329cb25",
            ZERO32,
            6));
  }

  static TdxSamples named(String quote) {
    return all().filter(s -> s.quote.equals(quote)).findFirst().orElseThrow();
  }

  TdxCollateral loadCollateral() {
    return CollateralFiles.load(collateral.stream().map(Samples::path).toList());
  }

  TdxEvidence evidence() {
    TdxCollateral c = loadCollateral();
    return new TdxEvidence(Samples.read(quote), c.isEmpty() ? Optional.empty() : Optional.of(c));
  }

  Instant instant() {
    return Samples.at(now);
  }

  Path path() {
    return Samples.path(quote);
  }

  @Override
  public String toString() {
    return quote;
  }
}
