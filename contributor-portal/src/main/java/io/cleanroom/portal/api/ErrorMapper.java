package io.cleanroom.portal.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns refusals into RFC 9457 problem details ({@code application/problem+json}): {@code type},
 * {@code title}, {@code status}, the stable {@code code}, and a {@code detail} only when it
 * describes the caller's own input.
 */
public class ErrorMapper {

  /** The media type of RFC 9457 problem details. */
  public static final String PROBLEM_JSON = "application/problem+json";

  private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
  private static final Set<ErrorCode> DETAILED =
      EnumSet.of(
          ErrorCode.MALFORMED_REQUEST,
          ErrorCode.CONTRACT_INVALID,
          ErrorCode.DATASET_INVALID,
          ErrorCode.OUT_OF_RANGE,
          ErrorCode.CONFLICT,
          ErrorCode.ENTRY_REFUSED,
          ErrorCode.QUERY_NOT_RUNNABLE,
          ErrorCode.BROKER_REFUSED);

  @ServerExceptionMapper
  public Response refused(PortalException e) {
    if (e.code() == ErrorCode.LOG_INTEGRITY) {
      LOG.errorf("log integrity: %s", e.reason());
    } else if (!DETAILED.contains(e.code())) {
      LOG.debugf("refused %s: %s", e.code(), e.reason());
    }
    return problem(e.code(), DETAILED.contains(e.code()) ? e.reason() : null);
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthenticated(RuntimeException e) {
    return problem(ErrorCode.UNAUTHENTICATED, null);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return problem(ErrorCode.ROLE_REQUIRED, null);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status == 400 || status == 415 || status == 405 || status == 406) {
      // JSON that does not bind, a wrong content type: the caller's own input.
      Response r = problem(ErrorCode.MALFORMED_REQUEST, null);
      return Response.fromResponse(r).status(status).build();
    }
    return e.getResponse();
  }

  /** A problem-details answer for {@code code}. */
  public static Response problem(ErrorCode code, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "urn:cleanroom:problem:" + code.name().toLowerCase(Locale.ROOT));
    body.put("title", code.name());
    body.put("status", code.status());
    body.put("code", code.name());
    if (detail != null) {
      body.put("detail", detail);
    }
    return Response.status(code.status()).type(PROBLEM_JSON).entity(body).build();
  }
}
