# syntax=docker/dockerfile:1

# ---- build: compile the TypeScript and the admin console (needs the dev dependencies: tsc,
#      tsc-alias, Vite and its React plugin, @swc-node/register for the console's build script) ----
FROM node:22-bookworm-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is reused while only the sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig*.json ./
COPY scripts/build-console.ts ./scripts/
# apps/ holds the console's sources and its Vite config (apps/admin-console/vite.config.mts).
COPY apps ./apps
COPY libs ./libs
RUN npm run build

# ---- runtime: production dependencies and the compiled output only ----
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    ADMIN_PORT=3001 \
    DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# dist/apps/admin-console is the console the admin API serves at /console.
COPY --from=build /app/dist ./dist
# Without DATABASE_URL the app keeps its embedded database and generated secrets in DATA_DIR:
# it must be writable by the non-root user (mount a volume there to keep them).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# 3000: gateway (OAuth/OIDC endpoints), 3001: admin API; one process serves both.
EXPOSE 3000 3001
# The slim image has no curl/wget; node 22 has fetch. /health is 503 when a dependency is down.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself (the app shuts down cleanly on it).
CMD ["node", "dist/apps/server/src/main.js"]
