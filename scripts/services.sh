# Sourced by ./cleanroom: the local services of `./cleanroom up` on embedded defaults.
#   Keycloak (the demo realm)   http://127.0.0.1:18080   state in .cleanroom/keycloak-<version>
#   key broker                  http://127.0.0.1:8081    state in .cleanroom/key-broker
#   simulated TEE (the broker trusts its root)           state in .cleanroom/simulated-tee
#   enclave service (SIMULATED)  http://127.0.0.1:8082    reads sealed files under .cleanroom/demo only
#   contributor portal          http://127.0.0.1:8083    state in .cleanroom/portal
# Each service runs in a process group of its own; its group id is in .cleanroom/run/<name>.pid and its
# output in .cleanroom/logs/<name>.log. A service that already answers is reused, not started again.
# Needs: $here (the repository), $JAVA_HOME (a JDK >= 21), curl, unzip (or the JDK's jar).
# CLEANROOM_STATE (another state directory) and CLEANROOM_*_PORT let a test run beside a developer's services.

KEYCLOAK_VERSION=26.7.3
KEYCLOAK_PORT="${CLEANROOM_KEYCLOAK_PORT:-18080}"
KEYCLOAK_MANAGEMENT_PORT="${CLEANROOM_KEYCLOAK_MANAGEMENT_PORT:-18081}"
BROKER_PORT="${CLEANROOM_BROKER_PORT:-8081}"
ENCLAVE_PORT="${CLEANROOM_ENCLAVE_PORT:-8082}"
PORTAL_PORT="${CLEANROOM_PORTAL_PORT:-8083}"
KEYCLOAK_URL="http://127.0.0.1:$KEYCLOAK_PORT"
REALM_URL="$KEYCLOAK_URL/realms/cleanroom"
BROKER_URL="http://127.0.0.1:$BROKER_PORT"
ENCLAVE_URL="http://127.0.0.1:$ENCLAVE_PORT"
PORTAL_URL="http://127.0.0.1:$PORTAL_PORT"

state="${CLEANROOM_STATE:-$here/.cleanroom}"
run_dir="$state/run"
log_dir="$state/logs"
keycloak_home="$state/keycloak-$KEYCLOAK_VERSION"
simulator_dir="$state/simulated-tee"
broker_app="$here/key-broker/target/quarkus-app/quarkus-run.jar"
enclave_app="$here/clean-room-enclave/target/quarkus-app/quarkus-run.jar"
portal_app="$here/contributor-portal/target/quarkus-app/quarkus-run.jar"
demo_dir="$state/demo"

# Services this invocation started (Ctrl-C stops these; reused ones keep running).
started=()

say() { echo "cleanroom: $*" >&2; }

# True when the URL answers 2xx.
answers() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

# True when the service's recorded process group is alive and still led by one of our services
# (a stale pid file whose number was reused by an unrelated process does not count).
running() {
  local pidfile="$run_dir/$1.pid" pgid
  [ -f "$pidfile" ] || return 1
  pgid="$(cat "$pidfile")"
  kill -0 -- "-$pgid" 2>/dev/null || return 1
  case "$(ps -o args= -p "$pgid" 2>/dev/null)" in
    *kc.sh* | *quarkus-run.jar*) return 0 ;;
    *) return 1 ;;
  esac
}

# start NAME COMMAND...: runs COMMAND in the background in a process group of its own.
start() {
  local name="$1"; shift
  mkdir -p "$run_dir" "$log_dir"
  set -m  # job control: the background job gets its own process group, out of reach of Ctrl-C
  "$@" >"$log_dir/$name.log" 2>&1 </dev/null &
  local pid=$!
  set +m
  echo "$pid" >"$run_dir/$name.pid"
  started+=("$name")
}

# stop NAME: SIGTERM to the service's process group, SIGKILL after 20 s.
stop() {
  local name="$1" pidfile="$run_dir/$1.pid" pgid i
  [ -f "$pidfile" ] || return 0
  pgid="$(cat "$pidfile")"
  if running "$name"; then
    say "stopping $name"
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for i in $(seq 1 40); do
      kill -0 -- "-$pgid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# await NAME URL SECONDS: waits until URL answers; fails with the log's tail if the service dies or is late.
await() {
  local name="$1" url="$2" limit="$3" waited=0
  while ! answers "$url"; do
    if ! running "$name"; then
      say "$name stopped while starting; the end of $log_dir/$name.log:"
      tail -n 25 "$log_dir/$name.log" >&2 || true
      return 1
    fi
    if [ "$waited" -ge "$limit" ]; then
      say "$name did not answer $url within $limit s; the end of $log_dir/$name.log:"
      tail -n 25 "$log_dir/$name.log" >&2 || true
      return 1
    fi
    sleep 1; waited=$((waited + 1))
  done
}

# The Keycloak distribution zip from the local Maven repository, fetched from Maven Central if missing.
keycloak_zip() {
  local repo="${MAVEN_REPO:-$HOME/.m2/repository}"
  local zip="$repo/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  if [ ! -f "$zip" ]; then
    say "downloading Keycloak $KEYCLOAK_VERSION from Maven Central (once)..."
    (cd "$here" && ./mvnw -q -B dependency:get -Dtransitive=false \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" >&2)
  fi
  echo "$zip"
}

# Unpacks Keycloak once under .cleanroom and puts the demo realm where --import-realm reads it.
keycloak_install() {
  if [ ! -x "$keycloak_home/bin/kc.sh" ]; then
    local zip tmp
    zip="$(keycloak_zip)"
    say "unpacking Keycloak into $keycloak_home (once)..."
    mkdir -p "$state"
    tmp="$(mktemp -d "$state/keycloak-unpack.XXXXXX")"
    if command -v unzip >/dev/null 2>&1; then
      unzip -q "$zip" -d "$tmp"
    else
      (cd "$tmp" && "$JAVA_HOME/bin/jar" xf "$zip" && chmod +x "keycloak-$KEYCLOAK_VERSION"/bin/*.sh)
    fi
    mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$keycloak_home"
    rm -rf "$tmp"
  fi
  mkdir -p "$keycloak_home/data/import"
  # --import-realm skips a realm that exists: when the demo realm changed (a new client or role), the demo
  # database is reset so that the realm is imported afresh (it holds only the demo realm's users).
  local imported="$keycloak_home/data/import/cleanroom-realm.json"
  if [ -f "$imported" ] && ! cmp -s "$here/deploy/keycloak/cleanroom-realm.json" "$imported"; then
    say "the demo realm changed since Keycloak imported it: resetting Keycloak's demo database"
    rm -rf "$keycloak_home/data/h2"
  fi
  cp "$here/deploy/keycloak/cleanroom-realm.json" "$keycloak_home/data/import/"
}

keycloak_start() {
  if answers "$REALM_URL/.well-known/openid-configuration"; then
    say "Keycloak already answers at $KEYCLOAK_URL; reusing it"
    return 0
  fi
  if running keycloak; then
    say "Keycloak is still starting (an earlier up); waiting for it"
    keycloak_pending=1
    return 0
  fi
  keycloak_install
  say "starting Keycloak $KEYCLOAK_VERSION on $KEYCLOAK_URL (log: $log_dir/keycloak.log)..."
  start keycloak env JAVA_HOME="$JAVA_HOME" "$keycloak_home/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
    --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" --import-realm --db=dev-file
}

keycloak_await() {
  if [ "${keycloak_pending:-0}" = 1 ] || [[ " ${started[*]-} " == *" keycloak "* ]]; then
    await keycloak "$REALM_URL/.well-known/openid-configuration" "${CLEANROOM_KEYCLOAK_TIMEOUT:-300}"
    say "Keycloak is up"
  fi
}

# app_stale JAR MODULE: true when the service's jar is missing or older than a source it is built from.
app_stale() {
  [ ! -f "$1" ] && return 0
  [ -n "$(find "$here/pom.xml" "$here/crypto" "$here/attestation" "$here/query-engine" "$here/$2" \
    -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml -o -name '*.properties' -o -name '*.sql' \) \
    -newer "$1" -print -quit 2>/dev/null)" ]
}

# True when the key broker's jar is missing or older than a source it is built from.
broker_stale() { app_stale "$broker_app" key-broker; }

# True when the enclave's jar is missing or older than a source it is built from.
enclave_stale() { app_stale "$enclave_app" clean-room-enclave; }

# True when the portal's jar is missing or older than a source it is built from.
portal_stale() { app_stale "$portal_app" contributor-portal; }

simulator_init() {
  run_cli attestation simulator init --dir "$simulator_dir" >&2
}

broker_start() {
  if answers "$BROKER_URL/q/health"; then
    say "a key broker already answers at $BROKER_URL; reusing it"
    return 0
  fi
  if running key-broker; then
    say "the key broker is still starting (an earlier up); waiting for it"
    await key-broker "$BROKER_URL/q/health" "${CLEANROOM_BROKER_TIMEOUT:-120}"
    return 0
  fi
  say "starting the key broker on $BROKER_URL (log: $log_dir/key-broker.log)..."
  mkdir -p "$state/key-broker"
  start key-broker env \
    BROKER_DATA_DIR="$state/key-broker" \
    BROKER_ATTESTATION_SIMULATED_ROOT="$simulator_dir/simulated-ark.pem" \
    QUARKUS_HTTP_CORS_ORIGINS="$PORTAL_URL,http://localhost:$PORTAL_PORT" \
    QUARKUS_HTTP_PORT="$BROKER_PORT" \
    QUARKUS_OIDC_AUTH_SERVER_URL="$REALM_URL" \
    "$JAVA_HOME/bin/java" ${CLEANROOM_BROKER_JAVA_OPTS:-} -jar "$broker_app"
  await key-broker "$BROKER_URL/q/health" "${CLEANROOM_BROKER_TIMEOUT:-120}"
  say "the key broker is up"
}

# The enclave service on the simulated TEE (the one the broker trusts): starts it in the background;
# enclave_await waits for it. It reads local sealed files only under the walk-through's directory.
enclave_start() {
  if answers "$ENCLAVE_URL/q/health"; then
    if ! answers "$ENCLAVE_URL/v1/attestation"; then
      say "something that is not the enclave answers at $ENCLAVE_URL; stop it or set CLEANROOM_ENCLAVE_PORT"
      return 1
    fi
    say "an enclave already answers at $ENCLAVE_URL; reusing it"
    return 0
  fi
  if running enclave; then
    say "the enclave is still starting (an earlier up); waiting for it"
    enclave_pending=1
    return 0
  fi
  say "starting the enclave (SIMULATED — NOT CONFIDENTIAL) on $ENCLAVE_URL (log: $log_dir/enclave.log)..."
  mkdir -p "$demo_dir"
  start enclave env \
    ENCLAVE_SIMULATION_ENABLED=true \
    ENCLAVE_SIMULATION_DIR="$simulator_dir" \
    ENCLAVE_DATASET_ROOTS="$demo_dir" \
    QUARKUS_HTTP_PORT="$ENCLAVE_PORT" \
    "$JAVA_HOME/bin/java" -XX:+DisableAttachMechanism -XX:-HeapDumpOnOutOfMemoryError \
    ${CLEANROOM_ENCLAVE_JAVA_OPTS:-} -jar "$enclave_app"
}

enclave_await() {
  if [ "${enclave_pending:-0}" = 1 ] || [[ " ${started[*]-} " == *" enclave "* ]]; then
    await enclave "$ENCLAVE_URL/q/health" "${CLEANROOM_ENCLAVE_TIMEOUT:-120}"
    say "the enclave is up (SIMULATED — NOT CONFIDENTIAL)"
  fi
}

# The contributor portal, reading the key broker's and the (simulated) enclave's signed entries into the
# collaborations' logs.
portal_start() {
  if answers "$PORTAL_URL/q/health"; then
    if ! answers "$PORTAL_URL/v1/log/key"; then
      say "something that is not the portal answers at $PORTAL_URL; stop it or set CLEANROOM_PORTAL_PORT"
      return 1
    fi
    say "a portal already answers at $PORTAL_URL; reusing it"
    return 0
  fi
  if running portal; then
    say "the portal is still starting (an earlier up); waiting for it"
    await portal "$PORTAL_URL/q/health" "${CLEANROOM_PORTAL_TIMEOUT:-120}"
    return 0
  fi
  say "starting the portal on $PORTAL_URL (log: $log_dir/portal.log)..."
  mkdir -p "$state/portal"
  start portal env \
    PORTAL_DATA_DIR="$state/portal" \
    PORTAL_BROKERS="$BROKER_URL" \
    PORTAL_ENCLAVES="$ENCLAVE_URL" \
    PORTAL_ATTESTATION_SIMULATED_ROOT="$simulator_dir/simulated-ark.pem" \
    QUARKUS_HTTP_PORT="$PORTAL_PORT" \
    QUARKUS_OIDC_AUTH_SERVER_URL="$REALM_URL" \
    "$JAVA_HOME/bin/java" ${CLEANROOM_PORTAL_JAVA_OPTS:-} -jar "$portal_app"
  await portal "$PORTAL_URL/q/health" "${CLEANROOM_PORTAL_TIMEOUT:-120}"
  say "the portal is up"
}

# Stops the services this invocation started.
stop_started() {
  local name
  for name in "${started[@]-}"; do
    [ -n "$name" ] && stop "$name"
  done
  started=()
}

# ./cleanroom down: stops every service `up` started from this directory.
services_down() {
  local any=0 f
  for f in "$run_dir"/*.pid; do
    [ -e "$f" ] || continue
    any=1
    stop "$(basename "$f" .pid)"
  done
  [ "$any" = 1 ] || say "no services recorded in $run_dir"
}

services_summary() {
  cat <<EOF

The clean room is up on this machine:
  Keycloak     $REALM_URL   (the demo realm; account console: $REALM_URL/account)
  key broker   $BROKER_URL   (OpenAPI: $BROKER_URL/q/openapi, health: $BROKER_URL/q/health)
  enclave      $ENCLAVE_URL   (SIMULATED — NOT CONFIDENTIAL; runs: $ENCLAVE_URL/v1/runs, OpenAPI: $ENCLAVE_URL/q/openapi)
  portal       $PORTAL_URL   (API: $PORTAL_URL/q/openapi; log key: $PORTAL_URL/v1/log/key)
  logs         $log_dir/keycloak.log, $log_dir/key-broker.log, $log_dir/enclave.log, $log_dir/portal.log
  state        $state (delete it, after ./cleanroom down, to start afresh)

Web portal: $PORTAL_URL/  (open it in a browser and sign in with a demo login below)

Demo logins (public passwords, local use only): the password is the user name + "-demo-password"
  hospital-owner     data owner, organization hospital
  bank-owner         data owner, organization bank
  research-analyst   analyst, organization research
  auditor            compliance officer
  admin              admin

Try:  export PW=hospital-owner-demo-password
      export CLEANROOM_TOKEN=\$(./cleanroom token --user hospital-owner --password-env PW)
      ./cleanroom keys list
      ./cleanroom enclave run --enclave $ENCLAVE_URL --broker $BROKER_URL \\
        --contract $demo_dir/hospital-bank/contract.json --data $demo_dir/hospital-bank --sql "..." --fingerprint F

The enclave is SIMULATED — NOT CONFIDENTIAL: no TEE protects the keys it is released or the data it decrypts.
EOF
}
