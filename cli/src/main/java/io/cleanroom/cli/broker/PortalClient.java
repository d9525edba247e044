package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.cli.UserError;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The contributor portal's HTTP API (docs/portal.md) as plain methods, with a bearer token. */
public final class PortalClient {

  private final URI base;
  private final Optional<String> token;
  private final HttpJson http = new HttpJson("the portal");

  /** A client of the portal at {@code base} calling with {@code token}. */
  public PortalClient(URI base, Optional<String> token) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.token = token;
  }

  /** {@code POST /v1/collaborations}. */
  public JsonNode createCollaboration(String id, String name, Map<String, List<String>> members) {
    ObjectNode req = HttpJson.MAPPER.createObjectNode();
    req.put("id", id);
    req.put("name", name);
    ObjectNode m = req.putObject("members");
    members.forEach((org, roles) -> roles.forEach(m.withArray(org)::add));
    return http.send(
        authed("v1/collaborations")
            .header("Content-Type", "application/json")
            .POST(HttpJson.json(req)));
  }

  /** {@code POST /v1/collaborations/{id}/contracts}. */
  public JsonNode proposeContract(String collaboration, byte[] contractJson) {
    return http.send(
        authed(collab(collaboration) + "/contracts")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(contractJson)));
  }

  /** {@code PUT /v1/collaborations/{id}/datasets/{datasetId}}: streams the sealed file. */
  public JsonNode upload(String collaboration, String datasetId, java.nio.file.Path sealed)
      throws java.io.FileNotFoundException {
    return http.send(
        authed(
                collab(collaboration)
                    + "/datasets/"
                    + URLEncoder.encode(datasetId, StandardCharsets.UTF_8))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofFile(sealed)));
  }

  /** {@code POST /v1/collaborations/{id}/queries}: the proposal with its check report. */
  public JsonNode proposeQuery(String collaboration, String contractHash, String sql) {
    ObjectNode req = HttpJson.MAPPER.createObjectNode();
    req.put("contractHash", contractHash);
    req.put("sql", sql);
    return http.send(
        authed(collab(collaboration) + "/queries")
            .header("Content-Type", "application/json")
            .POST(HttpJson.json(req)));
  }

  /**
   * {@code POST /v1/collaborations/{id}/approvals}: an owner's decision, relayed to its key broker.
   *
   * @param fingerprint the query's fingerprint, or null for the contract itself
   */
  public JsonNode decide(
      String collaboration, String contractHash, String fingerprint, boolean approve) {
    ObjectNode req = HttpJson.MAPPER.createObjectNode();
    req.put("kind", fingerprint == null ? "contract" : "query");
    req.put("contractHash", contractHash);
    if (fingerprint != null) {
      req.put("queryFingerprint", fingerprint);
    }
    req.put("decision", approve ? "approved" : "rejected");
    return http.send(
        authed(collab(collaboration) + "/approvals")
            .header("Content-Type", "application/json")
            .POST(HttpJson.json(req)));
  }

  /**
   * {@code GET /v1/collaborations/{id}/contracts/{hash}}: the version, its JSON in {@code
   * contract}.
   */
  public JsonNode contract(String collaboration, String contractHash) {
    return http.send(
        authed(
                collab(collaboration)
                    + "/contracts/"
                    + URLEncoder.encode(contractHash, StandardCharsets.UTF_8))
            .GET());
  }

  /** {@code GET /v1/collaborations/{id}/queries}: the proposals, newest first. */
  public JsonNode queries(String collaboration) {
    return http.send(authed(collab(collaboration) + "/queries").GET());
  }

  /** {@code POST /v1/collaborations/{id}/runs}: asks the enclave to run a proposal. */
  public JsonNode startRun(String collaboration, String queryId) {
    ObjectNode req = HttpJson.MAPPER.createObjectNode();
    req.put("queryId", queryId);
    return http.send(
        authed(collab(collaboration) + "/runs")
            .header("Content-Type", "application/json")
            .POST(HttpJson.json(req)));
  }

  /** {@code GET /v1/collaborations/{id}/runs/{run}}. */
  public JsonNode run(String collaboration, String runId) {
    return http.send(authed(run(collaboration, runId, "")).GET());
  }

  /** {@code GET …/runs/{run}/result}: the result's JSON (result recipients only). */
  public byte[] result(String collaboration, String runId) {
    return http.sendForBytes(authed(run(collaboration, runId, "/result")).GET());
  }

  /** {@code GET …/runs/{run}/receipt}: the enclave's signed receipt, its exact bytes. */
  public byte[] receipt(String collaboration, String runId) {
    return http.sendForBytes(authed(run(collaboration, runId, "/receipt")).GET());
  }

  private static String run(String collaboration, String runId, String rest) {
    return collab(collaboration)
        + "/runs/"
        + URLEncoder.encode(runId, StandardCharsets.UTF_8)
        + rest;
  }

  /** {@code GET /v1/log/key}: the portal's public log key (no token needed), base64url. */
  public String logKey() {
    return http.send(HttpRequest.newBuilder(base.resolve("v1/log/key")).GET())
        .path("signingKey")
        .asText();
  }

  /** {@code GET .../log/head}: the signed tree head's exact bytes. */
  public byte[] logHead(String collaboration) {
    return http.sendForBytes(authed(collab(collaboration) + "/log/head").GET());
  }

  /** {@code GET .../log/export}: the export's exact bytes. */
  public byte[] logExport(String collaboration) {
    return http.sendForBytes(
        authed(collab(collaboration) + "/log/export").GET(), "application/jsonl");
  }

  /** {@code POST .../log/sync}: brings in the key brokers' new entries. */
  public JsonNode logSync(String collaboration) {
    return http.send(
        authed(collab(collaboration) + "/log/sync").POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static String collab(String id) {
    return "v1/collaborations/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder authed(String path) {
    String t =
        token.orElseThrow(
            () ->
                new UserError(
                    "a token is required: --token-file FILE or CLEANROOM_TOKEN (cleanroom token"
                        + " prints one)"));
    return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + t);
  }
}
