package io.cleanroom.broker.api;

import io.cleanroom.broker.custody.KeyCustody;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Key custody for data owners: deposit a dataset's key, see what is deposited, withdraw it. Keys
 * never leave through this API.
 */
@Path("/v1/keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "keys", description = "Dataset key custody (data owners)")
public class KeysResource {

  static final String DATASET_ID = "[A-Za-z_][A-Za-z0-9_]{0,127}";

  @Inject Caller caller;
  @Inject KeyCustody custody;

  /**
   * A deposit: the dataset key as base64url (no padding) and, optionally, the key id the owner
   * expects (checked, so a wrong key file is noticed now rather than at the first run).
   */
  public record DepositRequest(String key, String keyId) {}

  @PUT
  @Path("/{datasetId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Deposit (or replace) the key of one of the caller's organization's datasets")
  public KeyCustody.Deposit deposit(@PathParam("datasetId") String datasetId, DepositRequest req) {
    String org = caller.ownerOrg();
    checkDatasetId(datasetId);
    if (req == null || req.key() == null) {
      throw new BrokerException(ErrorCode.MALFORMED_REQUEST, "a body {key} is required");
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(req.key());
    } catch (IllegalArgumentException e) {
      throw new BrokerException(ErrorCode.MALFORMED_REQUEST, "key is not base64url");
    }
    try (DatasetKey key = DatasetKey.fromBytes(raw, KeyAccess.rawKeyMaterial())) {
      if (req.keyId() != null && !req.keyId().equals(key.keyId())) {
        throw new BrokerException(
            ErrorCode.MALFORMED_REQUEST, "keyId does not match the key (" + key.keyId() + ")");
      }
      return custody.deposit(org, datasetId, key, caller.name());
    } catch (CryptoException e) {
      throw new BrokerException(ErrorCode.MALFORMED_REQUEST, "key must be 32 bytes");
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @GET
  @Operation(summary = "The caller's organization's deposited keys (metadata only)")
  public List<KeyCustody.Deposit> list() {
    return custody.list(caller.ownerOrg());
  }

  @GET
  @Path("/{datasetId}")
  @Operation(summary = "One deposited key's metadata")
  public KeyCustody.Deposit get(@PathParam("datasetId") String datasetId) {
    String org = caller.ownerOrg();
    return custody
        .find(org, datasetId)
        .orElseThrow(() -> new BrokerException(ErrorCode.DATASET_UNKNOWN, "no key " + datasetId));
  }

  @DELETE
  @Path("/{datasetId}")
  @Operation(summary = "Withdraw a key: no later release of the dataset is possible")
  public Response delete(@PathParam("datasetId") String datasetId) {
    String org = caller.ownerOrg();
    if (!custody.delete(org, datasetId)) {
      throw new BrokerException(ErrorCode.DATASET_UNKNOWN, "no key " + datasetId);
    }
    return Response.noContent().build();
  }

  static void checkDatasetId(String id) {
    if (id == null || !id.matches(DATASET_ID)) {
      throw new BrokerException(
          ErrorCode.MALFORMED_REQUEST,
          "a dataset id is a SQL identifier of at most 128 characters");
    }
  }
}
