#!/usr/bin/env bash
# End-to-end check of `./cleanroom up`: a real Keycloak and the real key broker jar, started on spare ports
# with a state directory of their own (so a developer's running services are left alone), the walk-through
# with its deposits, approvals, simulated release and refusal; then `up` again reusing the running services;
# then `down`. Takes ~1 min with Keycloak unpacked in the state directory, ~3 min the first time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CLEANROOM_STATE="${CLEANROOM_STATE:-$here/.cleanroom/up-test}"
export CLEANROOM_KEYCLOAK_PORT="${CLEANROOM_KEYCLOAK_PORT:-28080}"
export CLEANROOM_KEYCLOAK_MANAGEMENT_PORT="${CLEANROOM_KEYCLOAK_MANAGEMENT_PORT:-28081}"
export CLEANROOM_BROKER_PORT="${CLEANROOM_BROKER_PORT:-28082}"
export CLEANROOM_ENCLAVE_PORT="${CLEANROOM_ENCLAVE_PORT:-28083}"
trap '"$here/cleanroom" down' EXIT

out=""
expect() {
  if ! grep -qF -- "$1" <<<"$out"; then
    echo "up-test: FAILED, the output lacks: $1" >&2
    tail -n 60 <<<"$out" >&2
    exit 1
  fi
}

start=$SECONDS
out="$("$here/cleanroom" up --detach --rows 2000 2>&1)"
echo "up-test: first up took $((SECONDS - start)) s"
expect "starting Keycloak"
expect "the key broker is up"
expect "5. round trip verified"
expect "deposited visits of hospital"
expect "deposited accounts of bank"
expect "hospital approved query"
expect "bank approved query"
expect "received the key of visits"
expect "received the key of accounts"
expect "released 2 key(s) — SIMULATED, NOT CONFIDENTIAL"
expect "the key broker refused: QUERY_NOT_APPROVED (HTTP 403)"
expect "REFUSED  QUERY_NOT_APPROVED"
expect "RELEASED"
expect "key broker   http://127.0.0.1:$CLEANROOM_BROKER_PORT"
expect "The enclave is SIMULATED"
expect "the headline query runs in the SIMULATED enclave"
expect "group(s) suppressed; epsilon spent 0; receipt signed by"
expect "result: its digest is the receipt's outputDigest"
expect "the enclave is up (SIMULATED)"
expect "enclave      http://127.0.0.1:$CLEANROOM_ENCLAVE_PORT"
out="$(curl -fsS "http://127.0.0.1:$CLEANROOM_ENCLAVE_PORT/v1/attestation")"
expect '"simulated":true'
expect "SIMULATED — NOT CONFIDENTIAL"

start=$SECONDS
out="$("$here/cleanroom" up --detach --rows 2000 2>&1)"
echo "up-test: second up (services reused) took $((SECONDS - start)) s"
expect "Keycloak already answers"
expect "a key broker already answers"
expect "an enclave already answers"
expect "received the key of accounts"
echo "up-test: ok"
