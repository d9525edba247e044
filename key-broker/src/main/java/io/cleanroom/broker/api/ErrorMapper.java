package io.cleanroom.broker.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns refusals into {@code {"error": CODE}} answers with no further detail. */
public class ErrorMapper {

  private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

  @ServerExceptionMapper
  public Response refused(BrokerException e) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", e.code().name());
    if (e.code() == ErrorCode.MALFORMED_REQUEST || e.code() == ErrorCode.CONTRACT_INVALID) {
      body.put("detail", e.reason());
    } else {
      LOG.debugf("refused %s: %s", e.code(), e.reason());
    }
    return Response.status(e.code().status()).type(MediaType.APPLICATION_JSON).entity(body).build();
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthenticated(RuntimeException e) {
    return error(ErrorCode.UNAUTHENTICATED);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return error(ErrorCode.ROLE_REQUIRED);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status == 400 || status == 415 || status == 405 || status == 406) {
      // JSON that does not bind, a wrong content type: the caller's own input.
      return Response.status(status)
          .type(MediaType.APPLICATION_JSON)
          .entity(Map.of("error", ErrorCode.MALFORMED_REQUEST.name()))
          .build();
    }
    return e.getResponse();
  }

  private static Response error(ErrorCode code) {
    return Response.status(code.status())
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", code.name()))
        .build();
  }
}
