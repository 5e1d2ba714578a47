#!/usr/bin/env bash
# `npm test`: every suite, against real servers.
#   1. type check (SWC, which runs the tests, does not type-check; in the background, beside the
#      rest of 1 and 2), no comment citing a file outside the repository (design notes,
#      references), then the layering rules between apps and libs (.dependency-cruiser.cjs)
#   2. build (the end-to-end suites start the built apps, as `npm start` does), the admin
#      console's component specs (Vitest, happy-dom), then lint the admin API's OpenAPI document
#      (redocly.yaml)
#   3. unit, integration (PostgreSQL, PGlite, Redis) and end-to-end suites, with the servers
#      started by scripts/test-servers.sh and stopped afterwards, also on failure; before them,
#      the migrated databases the suites copy (test/support/prepare-templates.ts).
# Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit`.
set -euo pipefail
cd "$(dirname "$0")/.."

# The type check (tsc, one core) runs beside the layering check and the build (tsc, the other
# core); its output is shown, and a failure stops the run, once it is done.
echo "test: type check (in the background)" >&2
typecheck_log=$(mktemp -t rapidauth-typecheck.XXXXXX)
npm run --silent typecheck >"$typecheck_log" 2>&1 &
typecheck_pid=$!
trap 'kill "$typecheck_pid" 2>/dev/null || true; rm -f "$typecheck_log"' EXIT
typecheck_done() {
  local rc=0
  wait "$typecheck_pid" || rc=$?
  cat "$typecheck_log" >&2
  if ((rc != 0)); then
    echo "test: type check failed (above)" >&2
    exit "$rc"
  fi
  echo "test: type check passed" >&2
}

echo "test: comments cite nothing outside the repository" >&2
outside='PRODUCT\.md|CONVENTIONS\.md|STACK\.md|shared/(design|reference)|reference/[^ ]*\.txt|[a-z-]+-[a-z-]+\.txt|usergrid[-]authentication|webcom[-]authentication|([^-]|^)mobile[-]identity[-]connect|onegin[i]'
if grep -rnE "$outside" apps libs test scripts bench jest.config.js; then
  echo "test: code comments cite files outside the repository (above): cite the RFC section, the README or docs/ instead" >&2
  exit 1
fi
echo "test: layering" >&2
npm run --silent lint:deps
echo "test: build" >&2
npm run --silent build
echo "test: admin console specs" >&2
npx vitest run --config apps/admin-console/vite.config.mts
echo "test: OpenAPI lint" >&2
node -r @swc-node/register scripts/openapi.ts dist/openapi/admin-api.json
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint dist/openapi/admin-api.json --format=summary
typecheck_done
trap - EXIT
rm -f "$typecheck_log"

# PGlite's CommonJS build loads Node built-ins with import(), which Jest's module sandbox
# only allows with VM modules enabled; a larger heap for the Jest workers (see jest.config.js).
export NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning --max-old-space-size=6144 ${NODE_OPTIONS:-}"
# The migrated template databases first (test/support/prepare-templates.ts), outside Jest's timeouts.
exec bash scripts/test-servers.sh bash -c 'node -r @swc-node/register test/support/prepare-templates.ts && exec npx jest --ci "$@"' test "$@"
