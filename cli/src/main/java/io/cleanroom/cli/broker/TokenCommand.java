package io.cleanroom.cli.broker;

import io.cleanroom.cli.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom token}: prints an access token for a Keycloak user (password grant of the {@code
 * cleanroom-cli} client), to be put in a token file or {@code CLEANROOM_TOKEN}. The token is the
 * only thing printed, on stdout.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Print an access token for a Keycloak user (password grant; for scripts and the demo"
          + " realm).",
      "Example: export CLEANROOM_TOKEN=$(cleanroom token --user hospital-owner"
          + " --password-env PW)"
    })
public final class TokenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--keycloak",
      paramLabel = "URL",
      defaultValue = "${env:CLEANROOM_KEYCLOAK:-http://127.0.0.1:18080}",
      description = "Keycloak's base URL (default: $CLEANROOM_KEYCLOAK or http://127.0.0.1:18080).")
  URI keycloak;

  @Option(
      names = "--realm",
      defaultValue = "cleanroom",
      description = "The realm (default: ${DEFAULT-VALUE}).")
  String realm;

  @Option(names = "--user", required = true, description = "The user name.")
  String user;

  @ArgGroup(multiplicity = "1")
  PasswordSource password;

  /** Where the password comes from: never the command line, where others could read it. */
  static final class PasswordSource {
    @Option(
        names = "--password-env",
        paramLabel = "VAR",
        description = "Read the password from environment variable VAR.")
    String env;

    @Option(names = "--password-stdin", description = "Read the password from stdin's first line.")
    boolean stdin;
  }

  @Override
  public Integer call() throws IOException {
    String pw = password.stdin ? firstLineOfStdin() : System.getenv(password.env);
    if (pw == null || pw.isEmpty()) {
      throw new UserError(
          password.stdin ? "no password on stdin" : "the variable " + password.env + " is empty");
    }
    spec.commandLine().getOut().println(new KeycloakTokens(keycloak, realm).accessToken(user, pw));
    return 0;
  }

  private static String firstLineOfStdin() throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return in.readLine();
  }
}
