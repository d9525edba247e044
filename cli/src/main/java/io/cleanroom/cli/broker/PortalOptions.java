package io.cleanroom.cli.broker;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every portal command shares: where the portal is, and where the caller's bearer token
 * comes from ({@code --token-file}, else {@code $CLEANROOM_TOKEN}).
 */
public final class PortalOptions {

  @Option(
      names = "--portal",
      paramLabel = "URL",
      defaultValue = "${env:CLEANROOM_PORTAL:-http://127.0.0.1:8083}",
      description = "The contributor portal (default: $CLEANROOM_PORTAL or http://127.0.0.1:8083).")
  URI portal;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "A file holding the bearer token (default: $" + BrokerOptions.TOKEN_ENV + ").")
  Path tokenFile;

  /** A client calling with the caller's token. */
  public PortalClient client() {
    return new PortalClient(portal, BrokerOptions.token(tokenFile));
  }
}
