package io.cleanroom.query.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.query.Fixtures;
import io.cleanroom.query.QueryException;
import java.nio.file.Files;
import java.util.function.Consumer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class ContractParserTest {

  private static ObjectNode example() throws Exception {
    byte[] bytes =
        Files.readAllBytes(Fixtures.repoRoot().resolve("examples/hospital-bank/contract.json"));
    return (ObjectNode) CanonicalJson.parse(bytes);
  }

  private static QueryException invalid(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode c = example();
    edit.accept(c);
    return (QueryException)
        org.assertj.core.api.Assertions.catchThrowable(
            () -> ContractParser.parse(CanonicalJson.toBytes(c)));
  }

  private static ObjectNode visitsRule(ObjectNode c) {
    return (ObjectNode) c.get("datasets").get(0).get("analysisRule");
  }

  @Test
  void parsesTheExampleContract() {
    Contract c = Fixtures.hospitalBank();
    assertThat(c.datasets()).extracting(DatasetSpec::id).containsExactly("visits", "accounts");
    DatasetSpec visits = c.dataset("visits").orElseThrow();
    assertThat(visits.owner()).isEqualTo("hospital");
    assertThat(visits.rule().identityColumn()).contains("person_id");
    assertThat(visits.rule().minimumThreshold()).isEqualTo(10);
    assertThat(visits.rule().policy("cost").functions())
        .containsExactlyInAnyOrder(
            AggregateFunction.COUNT, AggregateFunction.SUM, AggregateFunction.AVG);
    assertThat(visits.schema().findField("zip3").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
    assertThat(c.allowedEnclaves())
        .singleElement()
        .extracting(EnclaveReference::tee)
        .isEqualTo("sim");
  }

  @Test
  void acceptsDictionaryEncodedStringColumns() {
    Contract c =
        io.cleanroom.query.Contracts.exampleWith(
            j -> {
              ObjectNode zip3 =
                  (ObjectNode) j.get("datasets").get(0).get("schema").get("fields").get(2);
              zip3.putObject("dictionary")
                  .put("id", 1)
                  .put("isOrdered", false)
                  .putObject("indexType")
                  .put("name", "int")
                  .put("bitWidth", 32)
                  .put("isSigned", true);
            });
    assertThat(c.dataset("visits").orElseThrow().schema().findField("zip3").getDictionary())
        .isNotNull();
  }

  @Test
  void contractIdIsSha256OfCanonicalJsonAndIgnoresFormatting() throws Exception {
    ObjectNode json = example();
    String pretty = json.toPrettyString();
    String expected = Digests.hex(Digests.sha256(CanonicalJson.toBytes(json)));
    assertThat(ContractParser.parse(pretty).id()).isEqualTo(expected);
    assertThat(Fixtures.hospitalBank().id()).isEqualTo(expected);
    json.put("collaborationId", "another");
    assertThat(ContractParser.parse(CanonicalJson.toBytes(json)).id()).isNotEqualTo(expected);
  }

  @Test
  void rejectsUnknownMembers() throws Exception {
    assertThat(invalid(c -> c.put("extra", 1)).getMessage()).contains("unknown member 'extra'");
    assertThat(invalid(c -> visitsRule(c).put("minimumThreshhold", 5)).getMessage())
        .contains("minimumThreshhold");
  }

  @Test
  void rejectsDuplicateMemberNamesInJson() {
    String dup = "{\"version\":1,\"version\":1}";
    assertThatThrownBy(() -> ContractParser.parse(dup))
        .isInstanceOf(QueryException.class)
        .extracting(e -> ((QueryException) e).code())
        .isEqualTo(QueryException.Code.INVALID_CONTRACT);
  }

  @Test
  void rejectsUnknownRoleAndFunction() throws Exception {
    assertThat(
            invalid(
                    c ->
                        ((ArrayNode) visitsRule(c).get("columns").get("age").get("roles"))
                            .add("anything"))
                .getMessage())
        .contains("unknown column role 'anything'");
    assertThat(
            invalid(
                    c ->
                        ((ArrayNode) visitsRule(c).get("columns").get("cost").get("functions"))
                            .add("MEDIAN"))
                .getMessage())
        .contains("MEDIAN");
  }

  @Test
  void rejectsRuleOnColumnMissingFromSchema() throws Exception {
    assertThat(
            invalid(
                    c ->
                        ((ObjectNode) visitsRule(c).get("columns"))
                            .putObject("ssn")
                            .putArray("roles")
                            .add("dimension"))
                .getMessage())
        .contains("'ssn' is not in the");
  }

  @Test
  void rejectsIdentityThatIsAlsoDimension() throws Exception {
    assertThat(
            invalid(
                    c ->
                        ((ArrayNode) visitsRule(c).get("columns").get("person_id").get("roles"))
                            .add("dimension"))
                .getMessage())
        .contains("identity and join columns cannot be dimensions");
  }

  @Test
  void rejectsThresholdWithoutIdentity() throws Exception {
    assertThat(
            invalid(c -> ((ObjectNode) visitsRule(c).get("columns")).remove("person_id"))
                .getMessage())
        .contains("needs an identity column");
  }

  @Test
  void rejectsOwnerThatIsNoDataOwner() throws Exception {
    assertThat(
            invalid(c -> ((ObjectNode) c.get("datasets").get(0)).put("owner", "research"))
                .getMessage())
        .contains("no data-owner member");
  }

  @Test
  void rejectsUnsupportedArrowType() throws Exception {
    QueryException e =
        invalid(
            c ->
                ((ObjectNode)
                        c.get("datasets").get(0).get("schema").get("fields").get(1).get("type"))
                    .put("isSigned", false));
    assertThat(e.getMessage()).contains("unsupported Arrow type");
  }

  @Test
  void rejectsDifferentialPrivacyWithoutBoundsForSums() throws Exception {
    QueryException e =
        invalid(
            c ->
                visitsRule(c)
                    .putObject("differentialPrivacy")
                    .put("epsilonPerQuery", 1.0)
                    .put("totalEpsilon", 5.0)
                    .put("delta", 1e-6)
                    .put("maxGroupsContributed", 1)
                    .put("maxContributionsPerGroup", 1));
    assertThat(e.getMessage()).contains("needs bounds for 'cost'");
  }

  @Test
  void rejectsTotalBudgetBelowPerQueryEpsilon() throws Exception {
    QueryException e =
        invalid(
            c ->
                visitsRule(c)
                    .putObject("differentialPrivacy")
                    .put("epsilonPerQuery", 1.0)
                    .put("totalEpsilon", 0.5)
                    .put("delta", 1e-6)
                    .put("maxGroupsContributed", 1)
                    .put("maxContributionsPerGroup", 1));
    assertThat(e.getMessage()).contains("totalEpsilon");
  }

  @Test
  void rejectsTemplatesOutsideTemplateMode() throws Exception {
    QueryException e =
        invalid(
            c ->
                visitsRule(c)
                    .putArray("templates")
                    .addObject()
                    .put("id", "t")
                    .put("sql", "SELECT 1"));
    assertThat(e.getMessage()).contains("template mode, and only it");
  }
}
