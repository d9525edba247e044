package io.cleanroom.portal.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The person behind a request, from the Keycloak access token: user name, realm roles ({@code
 * realm_access/roles}) and organizations (the {@code organization} claim of {@code
 * scope=organization}).
 *
 * <p><b>Security:</b> a person acts for an organization only when the token names exactly that one
 * ({@link #org()}); with none or several, organization actions are refused.
 */
@RequestScoped
public class Caller {

  public static final String DATA_OWNER = "data-owner";
  public static final String ANALYST = "analyst";
  public static final String COMPLIANCE_OFFICER = "compliance-officer";
  public static final String ADMIN = "admin";

  @Inject SecurityIdentity identity;
  @Inject JsonWebToken jwt;

  /** The user name (preferred_username, else subject). */
  public String name() {
    requireAuthenticated();
    String preferred = jwt.getClaim("preferred_username");
    return preferred != null ? preferred : jwt.getSubject();
  }

  /**
   * The caller's own access token, to relay an act of theirs to a service that checks it itself
   * (their key broker). Never logged or stored.
   */
  public String bearerToken() {
    requireAuthenticated();
    return jwt.getRawToken();
  }

  /** Whether the caller has this realm role. */
  public boolean hasRole(String role) {
    return !identity.isAnonymous() && identity.hasRole(role);
  }

  /** Refuses unless the caller has this role. */
  public void requireRole(String role) {
    requireAuthenticated();
    if (!identity.hasRole(role)) {
      throw new PortalException(ErrorCode.ROLE_REQUIRED, name() + " lacks role " + role);
    }
  }

  /** Whether the caller sees every collaboration: compliance officers and admins. */
  public boolean seesAll() {
    return hasRole(COMPLIANCE_OFFICER) || hasRole(ADMIN);
  }

  /** The organizations the token names. */
  public List<String> organizations() {
    requireAuthenticated();
    Object claim = jwt.getClaim("organization");
    List<String> out = new ArrayList<>();
    if (claim instanceof JsonArray array) {
      for (JsonValue v : array) {
        if (v instanceof JsonString s) {
          out.add(s.getString());
        }
      }
    } else if (claim instanceof JsonObject object) {
      out.addAll(object.keySet());
    } else if (claim instanceof JsonString s) {
      out.add(s.getString());
    }
    return List.copyOf(out);
  }

  /** The one organization the caller acts for; refused without exactly one. */
  public String org() {
    List<String> orgs = organizations();
    if (orgs.size() != 1) {
      throw new PortalException(
          ErrorCode.NOT_A_PARTY, name() + " has " + orgs.size() + " organizations in the token");
    }
    return orgs.get(0);
  }

  private void requireAuthenticated() {
    if (identity.isAnonymous()) {
      throw new PortalException(ErrorCode.UNAUTHENTICATED, "no bearer token");
    }
  }
}
