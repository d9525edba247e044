package io.cleanroom.broker.api;

import io.cleanroom.broker.budget.PrivacyBudgets;
import io.cleanroom.broker.budget.PrivacyBudgets.OwnerBudget;
import io.cleanroom.broker.contract.Contracts;
import io.cleanroom.query.contract.Contract;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The owners' differential-privacy budgets, for the owners and compliance officers. */
@Path("/v1/budgets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "budgets", description = "Differential-privacy budgets and what releases spent")
public class BudgetsResource {

  @Inject Caller caller;
  @Inject Contracts contracts;
  @Inject PrivacyBudgets budgets;

  /** One owner's budget as shown; amounts are exact decimal strings. */
  public record BudgetView(
      String owner,
      Map<String, String> epsilonPerQuery,
      String totalEpsilon,
      String spentEpsilon,
      String remainingEpsilon,
      long releasesCharged) {

    static BudgetView of(OwnerBudget b) {
      Map<String, String> perQuery = new LinkedHashMap<>();
      b.epsilonPerQuery().forEach((d, e) -> perQuery.put(d, PrivacyBudgets.plain(e)));
      return new BudgetView(
          b.owner(),
          perQuery,
          PrivacyBudgets.plain(b.total()),
          PrivacyBudgets.plain(b.spent()),
          PrivacyBudgets.plain(b.remaining()),
          b.charges());
    }
  }

  @GET
  @Operation(
      summary =
          "A contract's privacy budgets: the caller's organization's, or every owner's for"
              + " compliance officers")
  public List<BudgetView> list(@QueryParam("contractHash") String contractHash) {
    if (contractHash == null) {
      throw new BrokerException(ErrorCode.MALFORMED_REQUEST, "contractHash is required");
    }
    Optional<String> org =
        caller.hasRole(Caller.COMPLIANCE_OFFICER)
            ? Optional.empty()
            : Optional.of(caller.ownerOrg());
    Contract c = contracts.require(contractHash);
    return budgets.budgets(c, org).stream().map(BudgetView::of).toList();
  }
}
