# Sourced by ./cleanroom and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# The machine's default java may be older (17), so look for a suitable one instead of trusting PATH.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

select_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]-openjdk* /usr/lib/jvm/*)
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ]; then
      v="$(java_major "$c" || true)"
      if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then
        export JAVA_HOME="$c"
        return 0
      fi
    fi
  done
  echo "no JDK 21 or newer found: install one (e.g. Temurin 25) or set JAVA_HOME" >&2
  return 1
}
