package io.cleanroom.query.contract;

import java.util.Set;

/**
 * A member organisation of a collaboration and its roles.
 *
 * @param org the organisation's identifier
 * @param roles what the organisation does in the collaboration
 */
public record Member(String org, Set<Role> roles) {

  /** A member's role. */
  public enum Role {
    /** Contributes datasets and approves queries reading them. */
    DATA_OWNER,
    /** Proposes queries. */
    ANALYST,
    /** Receives results. */
    RESULT_RECIPIENT,
    /** Reads and verifies the log. */
    COMPLIANCE;

    /** The JSON name, e.g. {@code data-owner}. */
    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Parses a JSON name. */
    public static Role fromJson(String name) {
      for (Role r : values()) {
        if (r.jsonName().equals(name)) {
          return r;
        }
      }
      throw new IllegalArgumentException("unknown member role '" + name + "'");
    }
  }

  public Member {
    roles = Set.copyOf(roles);
  }
}
