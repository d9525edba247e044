package io.cleanroom.enclave.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.enclave.run.EnclaveException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Maps {@link EnclaveException} to RFC 9457 problem details: {@code type} names the stable code
 * ({@code urn:cleanroom:enclave:query-refused}), {@code code} repeats it, {@code detail} is the
 * message (which never holds data values).
 */
@Provider
public class ProblemMapper implements ExceptionMapper<EnclaveException> {

  @Override
  public Response toResponse(EnclaveException e) {
    ObjectNode p = CanonicalJson.mapper().createObjectNode();
    p.put(
        "type",
        "urn:cleanroom:enclave:" + e.code().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    p.put("title", e.code().name());
    p.put("status", e.code().status());
    p.put("code", e.code().name());
    p.put("detail", e.getMessage());
    return Response.status(e.code().status()).type("application/problem+json").entity(p).build();
  }
}
