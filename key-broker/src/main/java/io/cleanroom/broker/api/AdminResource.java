package io.cleanroom.broker.api;

import io.cleanroom.broker.custody.KeyCustody;
import io.cleanroom.broker.custody.MasterKeyRing;
import io.cleanroom.broker.log.BrokerLogKey;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operations on the master key (admins). */
@Path("/v1/admin/master-key")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Master key rotation")
public class AdminResource {

  @Inject Caller caller;
  @Inject KeyCustody custody;
  @Inject MasterKeyRing ring;
  @Inject BrokerLogKey logKey;

  /** The master key's state: how many records (dataset keys and the log key) each one seals. */
  public record MasterKeyStatus(String current, Map<String, Long> recordsByMasterKey) {}

  /** A rotation step's outcome. */
  public record Resealed(int resealed, MasterKeyStatus status) {}

  @GET
  @Operation(summary = "The current master key id and how many records each master key seals")
  public MasterKeyStatus status() {
    caller.requireRole(Caller.ADMIN);
    Map<String, Long> counts = new TreeMap<>(custody.countByMasterKey());
    logKey.countByMasterKey().forEach((id, n) -> counts.merge(id, n, Long::sum));
    return new MasterKeyStatus(ring.current().id(), counts);
  }

  @POST
  @Path("/reseal")
  @Operation(summary = "Re-seal every record under the current master key (rotation step 2)")
  @Transactional
  public Resealed reseal() {
    caller.requireRole(Caller.ADMIN);
    int n = custody.resealAll() + logKey.reseal();
    return new Resealed(n, status());
  }
}
