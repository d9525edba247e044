package io.cleanroom.broker.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated person behind a request: their user name, realm roles and organization, read
 * from the Keycloak access token (realm roles at {@code realm_access/roles}, organizations in the
 * {@code organization} claim that {@code scope=organization} adds).
 *
 * <p><b>Security:</b> a data owner acts only for its own organization; a token with more than one
 * organization is refused for owner actions ({@link #ownerOrg()}), since which one is meant would
 * be a guess.
 */
@RequestScoped
public class Caller {

  /** Realm role of the people who hold datasets and approve their use. */
  public static final String DATA_OWNER = "data-owner";

  /** Realm role of the people who read the release log of every organization. */
  public static final String COMPLIANCE_OFFICER = "compliance-officer";

  /** Realm role of services that read the broker's signed log (the portal's service account). */
  public static final String LOG_READER = "log-reader";

  /** Realm role of the broker's operators. */
  public static final String ADMIN = "admin";

  @Inject SecurityIdentity identity;
  @Inject JsonWebToken jwt;

  /** The user name (preferred_username, else subject). */
  public String name() {
    requireAuthenticated();
    String preferred = jwt.getClaim("preferred_username");
    return preferred != null ? preferred : jwt.getSubject();
  }

  /** Whether the caller has this realm role. */
  public boolean hasRole(String role) {
    return !identity.isAnonymous() && identity.hasRole(role);
  }

  /** Refuses unless the caller has this role. */
  public void requireRole(String role) {
    requireAuthenticated();
    if (!identity.hasRole(role)) {
      throw new BrokerException(ErrorCode.ROLE_REQUIRED, name() + " lacks role " + role);
    }
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
    } else if (claim instanceof Iterable<?> it) {
      it.forEach(v -> out.add(String.valueOf(v)));
    }
    return List.copyOf(out);
  }

  /** The one organization a data owner acts for; refused without exactly one. */
  public String ownerOrg() {
    requireRole(DATA_OWNER);
    List<String> orgs = organizations();
    if (orgs.size() != 1) {
      throw new BrokerException(
          ErrorCode.NOT_A_PARTY, name() + " has " + orgs.size() + " organizations in the token");
    }
    return orgs.get(0);
  }

  /** A reference to the token that authorized this call (its id), for immutable records. */
  public String tokenReference() {
    requireAuthenticated();
    String jti = jwt.getClaim("jti");
    return "jwt:" + Optional.ofNullable(jti).orElse("sub=" + jwt.getSubject());
  }

  private void requireAuthenticated() {
    if (identity.isAnonymous()) {
      throw new BrokerException(ErrorCode.UNAUTHENTICATED, "no bearer token");
    }
  }
}
