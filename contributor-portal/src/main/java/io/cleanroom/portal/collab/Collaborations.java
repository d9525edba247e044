package io.cleanroom.portal.collab;

import io.cleanroom.portal.api.Caller;
import io.cleanroom.portal.api.ErrorCode;
import io.cleanroom.portal.api.PortalException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Collaborations and who may see them. */
@ApplicationScoped
public class Collaborations {

  /** Collaboration ids: lower-case letters, digits and dashes, like a DNS label. */
  public static final String ID_PATTERN = "[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?";

  /** Creates a collaboration with its members (org → roles); refuses an id in use. */
  @Transactional
  public Collaboration create(
      String id, String name, Map<String, List<String>> members, String by) {
    if (id == null || !id.matches(ID_PATTERN)) {
      throw new PortalException(
          ErrorCode.MALFORMED_REQUEST,
          "a collaboration id is 1 to 64 lower-case letters, digits and dashes");
    }
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "a name of 1 to 200 characters");
    }
    if (members == null || members.isEmpty()) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "a collaboration has members");
    }
    if (Collaboration.findById(id) != null) {
      throw new PortalException(ErrorCode.CONFLICT, "collaboration " + id + " exists");
    }
    Collaboration c = new Collaboration();
    c.id = id;
    c.name = name;
    c.createdBy = by;
    c.createdAt = Instant.now();
    c.persist();
    members.forEach(
        (org, roles) -> {
          if (org == null || org.isBlank() || roles == null || roles.isEmpty()) {
            throw new PortalException(
                ErrorCode.MALFORMED_REQUEST, "each member is an organization with roles");
          }
          for (String r : roles) {
            if (!List.of("data-owner", "analyst", "result-recipient", "compliance").contains(r)) {
              throw new PortalException(ErrorCode.MALFORMED_REQUEST, "unknown role " + r);
            }
          }
          CollaborationMember m = new CollaborationMember();
          m.collaborationId = id;
          m.org = org;
          m.roles = String.join(",", roles);
          m.persist();
        });
    return c;
  }

  /** The members of a collaboration. */
  @Transactional
  public List<CollaborationMember> members(String id) {
    return CollaborationMember.list("collaborationId", id);
  }

  /**
   * The collaboration, if the caller may see it: a member organization's people, compliance
   * officers and admins. Anyone else gets {@code NOT_FOUND}, as for an unknown id.
   */
  @Transactional
  public Collaboration requireVisible(String id, Caller caller) {
    Collaboration c = Collaboration.findById(id);
    if (c == null || !(caller.seesAll() || isMember(id, caller.organizations()))) {
      throw new PortalException(ErrorCode.NOT_FOUND, "no collaboration " + id + " for the caller");
    }
    return c;
  }

  /** The collaborations the caller may see. */
  @Transactional
  public List<Collaboration> visible(Caller caller) {
    if (caller.seesAll()) {
      return Collaboration.listAll();
    }
    List<String> orgs = caller.organizations();
    if (orgs.isEmpty()) {
      return List.of();
    }
    return Collaboration.list(
        "id in (select m.collaborationId from CollaborationMember m where m.org in ?1)"
            + " order by id",
        orgs);
  }

  /** The caller's membership (its one organization) in the collaboration, or a refusal. */
  @Transactional
  public CollaborationMember requireMembership(String id, Caller caller) {
    CollaborationMember m =
        CollaborationMember.findById(new CollaborationMember.Key(id, caller.org()));
    if (m == null) {
      throw new PortalException(ErrorCode.NOT_A_PARTY, caller.org() + " is not in " + id);
    }
    return m;
  }

  /**
   * The caller's membership, refused unless the collaboration is visible to the caller, the caller
   * has the analyst realm role, and its organization is an analyst member here.
   */
  public CollaborationMember requireAnalyst(String id, Caller caller) {
    return requireActingAs(id, caller, Caller.ANALYST);
  }

  /**
   * The caller's membership for acting as {@code role} ({@code analyst}, {@code data-owner}: the
   * realm role and the member role have the same name), refused unless the collaboration is visible
   * to the caller, the caller has that realm role, and its organization has that role here.
   */
  @Transactional
  public CollaborationMember requireActingAs(String id, Caller caller, String role) {
    requireVisible(id, caller);
    caller.requireRole(role);
    CollaborationMember m = requireMembership(id, caller);
    if (!m.roleList().contains(role)) {
      throw new PortalException(ErrorCode.NOT_A_PARTY, m.org + " is no " + role + " in " + id);
    }
    return m;
  }

  private static boolean isMember(String id, List<String> orgs) {
    return !orgs.isEmpty()
        && CollaborationMember.count("collaborationId = ?1 and org in ?2", id, orgs) > 0;
  }
}
