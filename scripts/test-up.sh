#!/usr/bin/env bash
# End-to-end check of `./cleanroom up`: a real Keycloak, the real key broker jar and the real enclave jar
# (simulated TEE) and the real portal jar, started on spare ports with a state directory of their own (so a developer's running
# services are left alone), the walk-through with its deposits, approvals, simulated release and refusal,
# the approved query run in the enclave, its receipt verified, and an unapproved query refused by it; then
# `up` again reusing the running services; then `down`. Takes ~1-2 min with Keycloak unpacked in the state
# directory, ~3 min the first time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CLEANROOM_STATE="${CLEANROOM_STATE:-$here/.cleanroom/up-test}"
export CLEANROOM_KEYCLOAK_PORT="${CLEANROOM_KEYCLOAK_PORT:-28080}"
export CLEANROOM_KEYCLOAK_MANAGEMENT_PORT="${CLEANROOM_KEYCLOAK_MANAGEMENT_PORT:-28081}"
export CLEANROOM_BROKER_PORT="${CLEANROOM_BROKER_PORT:-28082}"
export CLEANROOM_ENCLAVE_PORT="${CLEANROOM_ENCLAVE_PORT:-28083}"
export CLEANROOM_PORTAL_PORT="${CLEANROOM_PORTAL_PORT:-28084}"
trap '"$here/cleanroom" down' EXIT
rm -rf "$CLEANROOM_STATE/portal"  # the walk-through's collaboration is created afresh

out=""
expect() {
  if ! grep -qF -- "$1" <<<"$out"; then
    echo "up-test: FAILED, the output lacks: $1" >&2
    tail -n 60 <<<"$out" >&2
    exit 1
  fi
}
# expect_line REGEX: some line of the output matches the extended regular expression.
expect_line() {
  if ! grep -qE -- "$1" <<<"$out"; then
    echo "up-test: FAILED, no line of the output matches: $1" >&2
    tail -n 60 <<<"$out" >&2
    exit 1
  fi
}

start=$SECONDS
out="$("$here/cleanroom" up --detach --rows 2000 2>&1)" || { echo "$out" | tail -n 60 >&2; exit 1; }
printf '%s\n' "$out" >"$CLEANROOM_STATE/up-1.out"  # for a look at what a person sees
echo "up-test: first up took $((SECONDS - start)) s (output: $CLEANROOM_STATE/up-1.out)"
expect "starting Keycloak"
expect "the key broker is up"
expect "5. round trip verified"
expect "deposited visits of hospital"
expect "deposited accounts of bank"
expect_line "^ *approving: select a.income_band, count"  # the owner sees the SQL, fingerprint recomputed locally
expect_line "^ *query [0-9a-f]{64} approved by hospital, recorded by its key broker$"
expect_line "^ *query [0-9a-f]{64} approved by bank, recorded by its key broker$"
expect_line "^ *contract [0-9a-f]{64} approved by bank, recorded by its key broker$"
expect "received the key of visits"
expect "received the key of accounts"
expect "released 2 key(s) — SIMULATED, NOT CONFIDENTIAL"
expect "the key broker refused: QUERY_NOT_APPROVED (HTTP 403)"
expect "REFUSED  QUERY_NOT_APPROVED"
expect "RELEASED"
expect "the enclave is up (SIMULATED — NOT CONFIDENTIAL)"
expect "and the enclave at http://127.0.0.1:$CLEANROOM_ENCLAVE_PORT (SIMULATED — NOT CONFIDENTIAL)"
expect "The enclave service at http://127.0.0.1:$CLEANROOM_ENCLAVE_PORT — SIMULATED — NOT CONFIDENTIAL"
expect "cleanroom portal run --portal http://127.0.0.1:$CLEANROOM_PORTAL_PORT"  # the portal asks its enclave
expect "SIMULATED — NOT CONFIDENTIAL: the portal's enclave runs on a simulated TEE"
expect_line "^ *run [0-9a-f-]{36}: [A-Z_]+( → [A-Z_]+)* → SUCCEEDED$"
expect_line "^ +income_band +visits +avg_cost"
expect_line "^ +(<25k|25k-50k|50k-100k|100k-200k|>=200k) +[0-9]+ +[0-9.]+"
expect "(the receipt's outputDigest)"
expect "receipt saved to $CLEANROOM_STATE/demo/hospital-bank/receipt.json"
expect "  ok      signed by enclave key"
expect "  ok      the evidence binds the signing key and the HPKE key"
expect "  ok      the enclave is one the contract allows"
expect "  ok      output digest"
expect "  ok      query fingerprint is the approved"
expect "SIMULATED — NOT CONFIDENTIAL: a simulated TEE signed this"
expect "receipt verified"
expect "FAILED in RELEASING_KEYS: KEY_RELEASE_REFUSED"
[ -f "$CLEANROOM_STATE/demo/hospital-bank/receipt.json" ] || { echo "up-test: FAILED, no receipt file" >&2; exit 1; }
[ ! -e "$CLEANROOM_STATE/demo/hospital-bank/refused/receipt.json" ] || {
  echo "up-test: FAILED, the refused run left a receipt" >&2; exit 1; }
expect "key broker   http://127.0.0.1:$CLEANROOM_BROKER_PORT"
expect "enclave      http://127.0.0.1:$CLEANROOM_ENCLAVE_PORT   (SIMULATED — NOT CONFIDENTIAL"
expect "The enclave is SIMULATED — NOT CONFIDENTIAL"
expect "the portal is up"
expect "created collaboration hospital-bank-demo"
expect_line "contract [0-9a-f]{64} is version 1 of hospital-bank-demo"
expect_line "uploaded visits of hospital: [0-9]+ rows, [0-9]+ bytes, sha256 [0-9a-f]{64}"
expect_line "uploaded accounts of bank: [0-9]+ rows, [0-9]+ bytes, sha256 [0-9a-f]{64}"
expect_line "query [0-9a-f-]{36}: allowed, fingerprint [0-9a-f]{64}"
expect_line "brought in [0-9]+ signed entries"  # the portal's own sync (every 10 s) may have been first
if grep -q "  problem: " <<<"$out"; then
  echo "up-test: FAILED, the portal could not read every signed log:" >&2
  grep "  problem: " <<<"$out" >&2
  exit 1
fi
expect_line "^ +portal +collaboration.created 1, contract.proposed 1, dataset.uploaded 2, query.proposed 2, result.downloaded 1, run.requested 2$"
expect_line "^ +broker +contract.approved 2, key.refused 2, key.released 2, query.approved 2$"
expect_line "^ +enclave +run.failed 1, run.finished 1, run.started 2$"
expect "wrote the log of hospital-bank-demo to $CLEANROOM_STATE/demo/hospital-bank/log.jsonl"
expect "log hospital-bank-demo: "
expect_line "^ *enclave key [A-Za-z0-9_-]{43} pinned through its evidence \(receipt receipt.json\): sim verified, measurement 0{96}, binds the key, the policy accepts it$"
expect "log verified"
expect_line "^ +portal +\(pinned\) +[A-Za-z0-9_-]{43} 9$"
expect_line "^ +broker +\(pinned\) +[A-Za-z0-9_-]{43} 8$"
expect_line "^ +enclave +\(pinned\) +[A-Za-z0-9_-]{43} 4$"
# The same export with one entry changed (who owns an uploaded dataset) is refused.
export_file="$CLEANROOM_STATE/demo/hospital-bank/log.jsonl"
tampered="$CLEANROOM_STATE/demo/hospital-bank/log.tampered.jsonl"
sed '0,/"ownerOrg":"hospital"/s//"ownerOrg":"mallory"/' "$export_file" >"$tampered"
cmp -s "$export_file" "$tampered" && { echo "up-test: FAILED, nothing was tampered with" >&2; exit 1; }
set +e
refusal="$("$here/cleanroom" verify log "$tampered" --trusted-keys "$CLEANROOM_STATE/demo/hospital-bank/trusted-keys.json" \
  --simulated-root "$CLEANROOM_STATE/simulated-tee/simulated-ark.pem" 2>&1)"
code=$?
set -e
[ "$code" = 1 ] && grep -q "signature does not verify" <<<"$refusal" || {
  echo "up-test: FAILED, a tampered export was not refused (exit $code):" >&2; echo "$refusal" >&2; exit 1; }
echo "up-test: a tampered export is refused: $(grep -m1 'log refused' <<<"$refusal")"
expect "portal       http://127.0.0.1:$CLEANROOM_PORTAL_PORT"
expect "Web portal: http://127.0.0.1:$CLEANROOM_PORTAL_PORT/"
# The portal serves its web UI at / and the settings it needs without sign-in.
page="$(curl -fsS "http://127.0.0.1:$CLEANROOM_PORTAL_PORT/")"
grep -qF '<div id="root">' <<<"$page" || {
  echo "up-test: FAILED, the portal does not serve its web UI at /" >&2; exit 1; }
web_config="$(curl -fsS "http://127.0.0.1:$CLEANROOM_PORTAL_PORT/v1/config")"
grep -qF '"clientId":"cleanroom-web"' <<<"$web_config" || {
  echo "up-test: FAILED, GET /v1/config does not name the web client" >&2; exit 1; }
echo "up-test: the portal serves its web UI and /v1/config"
[ "$(head -n 1 "$CLEANROOM_STATE/demo/hospital-bank/log.jsonl")" = '{"format":"cleanroom.log-export.v1","logId":"hospital-bank-demo"}' ] || {
  echo "up-test: FAILED, the log export is not one" >&2; exit 1; }

start=$SECONDS
out="$("$here/cleanroom" up --detach --rows 2000 2>&1)" || { echo "$out" | tail -n 60 >&2; exit 1; }
printf '%s\n' "$out" >"$CLEANROOM_STATE/up-2.out"
echo "up-test: second up (services reused) took $((SECONDS - start)) s"
expect "Keycloak already answers"
expect "a key broker already answers"
expect "an enclave already answers"
expect "a portal already answers"
expect "collaboration hospital-bank-demo exists already"
expect "received the key of accounts"
expect "receipt verified"
expect "FAILED in RELEASING_KEYS: KEY_RELEASE_REFUSED"

out="$("$here/cleanroom" down 2>&1)"
trap - EXIT
expect "stopping enclave"
for url in "http://127.0.0.1:$CLEANROOM_BROKER_PORT/q/health" "http://127.0.0.1:$CLEANROOM_ENCLAVE_PORT/q/health" \
  "http://127.0.0.1:$CLEANROOM_PORTAL_PORT/q/health"; do
  if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
    echo "up-test: FAILED, $url still answers after down" >&2
    exit 1
  fi
done
echo "up-test: ok"
