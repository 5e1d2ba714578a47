#!/usr/bin/env bash
# `npm test`: every suite, against real servers.
#   1. type check (SWC, which runs the tests, does not type-check), then the layering rules
#      between apps and libs (.dependency-cruiser.cjs)
#   2. build (the end-to-end suites start the built apps, as `npm start` does), then lint the
#      admin API's OpenAPI document (redocly.yaml)
#   3. unit, integration (PostgreSQL, PGlite, Redis) and end-to-end suites, with the servers
#      started by scripts/test-servers.sh and stopped afterwards, also on failure.
# Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit`.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "test: type check" >&2
npm run --silent typecheck
echo "test: layering" >&2
npm run --silent lint:deps
echo "test: build" >&2
npm run --silent build
echo "test: OpenAPI lint" >&2
node -r @swc-node/register scripts/openapi.ts dist/openapi/admin-api.json
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint dist/openapi/admin-api.json --format=summary

# PGlite's CommonJS build loads Node built-ins with import(), which Jest's module sandbox
# only allows with VM modules enabled.
export NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning ${NODE_OPTIONS:-}"
exec bash scripts/test-servers.sh npx jest --ci "$@"
