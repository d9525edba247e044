package io.cleanroom.broker.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PKCS#11 master key against a real SoftHSM2 token (Debian package {@code softhsm2}; {@code
 * .ci/run} installs it). The token lives under target/softhsm, named by the {@code SOFTHSM2_CONF}
 * environment variable that the build sets for the test JVM.
 */
class Pkcs11MasterKeyTest {

  static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  static final char[] PIN = "4711-test-pin".toCharArray();
  static final byte[] DEK = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @BeforeAll
  static void token() throws IOException, InterruptedException {
    assertThat(LIBRARY)
        .as("SoftHSM2 is not installed: apt-get install softhsm2 (.ci/run does)")
        .exists();
    String conf = System.getenv("SOFTHSM2_CONF");
    assertThat(conf).as("the build sets SOFTHSM2_CONF for the tests").isNotBlank();
    Path tokens = Path.of(conf).resolveSibling("tokens");
    if (Files.exists(tokens)) {
      try (var walk = Files.walk(tokens)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(tokens);
    Files.writeString(
        Path.of(conf),
        "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
    Process p =
        new ProcessBuilder(
                List.of(
                    "softhsm2-util",
                    "--init-token",
                    "--free",
                    "--label",
                    "cleanroom-test",
                    "--pin",
                    new String(PIN),
                    "--so-pin",
                    "so-pin-for-tests"))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void generatesANonExtractableKeyInTheTokenAndSealsWithIt() throws Exception {
    Pkcs11MasterKey k = Pkcs11MasterKey.open(LIBRARY, 0, PIN, "master-1", true);
    assertThat(k.id()).isEqualTo("pkcs11:master-1");

    byte[] sealed = k.seal(DEK, FileMasterKeyTest.aad("visits"));
    assertThat(k.open(sealed, FileMasterKeyTest.aad("visits"))).isEqualTo(DEK);
    assertThatThrownBy(() -> k.open(sealed, FileMasterKeyTest.aad("accounts")))
        .isInstanceOf(IllegalStateException.class);

    // Found again by its label (as after a restart), and the key material never leaves the token.
    Pkcs11MasterKey again = Pkcs11MasterKey.open(LIBRARY, 0, PIN, "master-1", false);
    assertThat(again.open(sealed, FileMasterKeyTest.aad("visits"))).isEqualTo(DEK);
    KeyStore store = KeyStore.getInstance("PKCS11", Pkcs11MasterKey.provider(LIBRARY, 0));
    store.load(null, PIN);
    Key inToken = store.getKey("master-1", null);
    assertThat(inToken).isNotNull();
    assertThat(inToken.getEncoded()).isNull();
  }

  @Test
  void aFileKeyCannotOpenWhatTheTokenSealed() {
    Pkcs11MasterKey k = Pkcs11MasterKey.open(LIBRARY, 0, PIN, "master-2", true);
    byte[] sealed = k.seal(DEK, FileMasterKeyTest.aad("visits"));
    Pkcs11MasterKey other = Pkcs11MasterKey.open(LIBRARY, 0, PIN, "master-3", true);
    assertThatThrownBy(() -> other.open(sealed, FileMasterKeyTest.aad("visits")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aMissingKeyIsAnErrorUnlessCreationIsAllowed() {
    assertThatThrownBy(() -> Pkcs11MasterKey.open(LIBRARY, 0, PIN, "absent", false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no key labelled 'absent'");
  }

  @Test
  void aWrongPinIsRefused() throws Exception {
    // The provider stays logged in after an earlier test's login: log out first.
    ((java.security.AuthProvider) Pkcs11MasterKey.provider(LIBRARY, 0)).logout();
    assertThatThrownBy(
            () -> Pkcs11MasterKey.open(LIBRARY, 0, "wrong".toCharArray(), "master-1", false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot use the PKCS#11 token");
  }
}
