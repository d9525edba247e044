package io.cleanroom.cli.broker;

import io.cleanroom.cli.UserError;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every broker command shares: where the broker is, and where the caller's bearer token
 * comes from ({@code --token-file}, else the {@code CLEANROOM_TOKEN} environment variable).
 */
public final class BrokerOptions {

  /** The environment variable holding a bearer token when no token file is given. */
  public static final String TOKEN_ENV = "CLEANROOM_TOKEN";

  @Option(
      names = "--broker",
      paramLabel = "URL",
      defaultValue = "${env:CLEANROOM_BROKER:-http://127.0.0.1:8081}",
      description = "The key broker (default: $CLEANROOM_BROKER or http://127.0.0.1:8081).")
  URI broker;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "A file holding the bearer token (default: $" + TOKEN_ENV + ").")
  Path tokenFile;

  /** A client calling with the caller's token. */
  public BrokerClient client() {
    return new BrokerClient(broker, token());
  }

  private Optional<String> token() {
    return token(tokenFile);
  }

  /**
   * The caller's bearer token: the content of {@code tokenFile} when given, else {@code
   * $CLEANROOM_TOKEN}; shared by every service's commands.
   */
  static Optional<String> token(Path tokenFile) {
    if (tokenFile != null) {
      try {
        String t = Files.readString(tokenFile).strip();
        if (t.isEmpty()) {
          throw new UserError("the token file " + tokenFile + " is empty");
        }
        return Optional.of(t);
      } catch (IOException e) {
        throw new UserError("cannot read the token file " + tokenFile);
      }
    }
    return Optional.ofNullable(System.getenv(TOKEN_ENV))
        .map(String::strip)
        .filter(t -> !t.isEmpty());
  }
}
