package io.cleanroom.broker.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.broker.contract.Contracts;
import io.cleanroom.broker.log.BrokerLog;
import io.cleanroom.broker.log.BrokerLogKey;
import io.cleanroom.crypto.json.CanonicalJson;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The broker's signed log: its public log key for anyone, and the signed entries for the portal
 * (role {@code log-reader}), compliance officers and, for their own contracts, data owners.
 */
@Path("/v1/log")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "log", description = "The broker's signed log of approvals, releases and refusals")
public class LogResource {

  /** The most entries one page holds. */
  public static final int MAX_LIMIT = 1000;

  @Inject Caller caller;
  @Inject Contracts contracts;
  @Inject BrokerLog log;
  @Inject BrokerLogKey logKey;

  /** The public key that signs every entry, and the entries' format. */
  public record LogKeyView(String signingKey, String format) {}

  /** One entry: its sequence and the signed entry, whose canonical JSON is the signed bytes. */
  public record EntryView(long sequence, JsonNode entry) {}

  @GET
  @Path("/key")
  @PermitAll
  @Operation(summary = "The broker's log key (public: no authentication)")
  public LogKeyView key() {
    return new LogKeyView(logKey.publicKeyBase64Url(), BrokerLog.FORMAT);
  }

  @GET
  @Path("/entries")
  @Authenticated
  @Operation(
      summary =
          "Signed entries after a sequence, oldest first: all of them for log readers and"
              + " compliance officers, those of their contracts for data owners")
  public List<EntryView> entries(
      @QueryParam("contractHash") String contractHash,
      @QueryParam("after") @DefaultValue("0") long after,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    if (contractHash != null && !contractHash.matches("[0-9a-f]{64}")) {
      throw new BrokerException(
          ErrorCode.MALFORMED_REQUEST, "contractHash must be 64 lower-case hex digits");
    }
    if (after < 0) {
      throw new BrokerException(ErrorCode.MALFORMED_REQUEST, "after must not be negative");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BrokerException(
          ErrorCode.MALFORMED_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
    }
    return log.page(readable(), Optional.ofNullable(contractHash), after, limit).stream()
        .map(e -> new EntryView(e.sequence, CanonicalJson.parse(e.signedEntry)))
        .toList();
  }

  /** Which contracts' entries the caller may read: all (empty) or those of its organization. */
  private Optional<Collection<String>> readable() {
    if (caller.hasRole(Caller.LOG_READER) || caller.hasRole(Caller.COMPLIANCE_OFFICER)) {
      return Optional.empty();
    }
    if (!caller.hasRole(Caller.DATA_OWNER)) {
      throw new BrokerException(
          ErrorCode.ROLE_REQUIRED,
          caller.name() + " lacks role " + Caller.LOG_READER + " (or compliance-officer)");
    }
    return Optional.of(contracts.withParty(caller.ownerOrg()));
  }
}
