package io.cleanroom.crypto.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

  /** RFC 8785 appendix B: IEEE 754 bit patterns and their canonical text. */
  @ParameterizedTest
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void formatsNumbersAsEcmaScriptDoes(String bits, String expected) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(CanonicalJson.formatDouble(value)).isEqualTo(expected);
  }

  @Test
  void canonicalizesTheRfcExample() {
    String input =
        "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
            + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            + "  \"literals\": [null, true, false]\n}";
    String expected =
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertThat(
            new String(
                CanonicalJson.canonicalize(input.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8))
        .isEqualTo(expected);
  }

  @Test
  void sortsMembersByUtf16CodeUnits() {
    String input =
        "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
            + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
            + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
    String canonical =
        new String(
            CanonicalJson.canonicalize(input.getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8);
    assertThat(canonical)
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O"
                + " With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void sortsNestedObjectsAndKeepsArrayOrder() {
    assertThat(
            CanonicalJson.toString(Map.of("b", Map.of("z", 1, "a", 2), "a", new int[] {3, 1, 2})))
        .isEqualTo("{\"a\":[3,1,2],\"b\":{\"a\":2,\"z\":1}}");
  }

  @Test
  void refusesDuplicateMemberNames() {
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,\"a\":2}"))
        .isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).code())
        .isEqualTo(CryptoException.Code.MALFORMED_JSON);
  }

  @Test
  void refusesIntegersThatDoublesCannotHoldExactly() {
    assertThatThrownBy(
            () -> CanonicalJson.canonicalize("[9007199254740993]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("2^53");
    assertThat(CanonicalJson.toString(CanonicalJson.parse("[9007199254740992,-9007199254740992]")))
        .isEqualTo("[9007199254740992,-9007199254740992]");
  }

  @Test
  void refusesMalformedJsonAndEmptyInput() {
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":")).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("")).isInstanceOf(CryptoException.class);
  }

  @Test
  void digestsTheCanonicalForm() {
    byte[] a = Digests.sha256OfCanonicalJson(CanonicalJson.parse("{ \"b\" : 1, \"a\" : [true] }"));
    byte[] b = Digests.sha256OfCanonicalJson(CanonicalJson.parse("{\"a\":[true],\"b\":1.0}"));
    assertThat(a).isEqualTo(b);
    assertThat(Digests.hex(a))
        .isEqualTo(
            Digests.hex(Digests.sha256("{\"a\":[true],\"b\":1}".getBytes(StandardCharsets.UTF_8))));
  }
}
