# The reference host (web-assistant serve) as a container. docs/operations.md.
#   docker build -t web-assistant .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://... -e ADMIN_TOKEN=... -e VISITOR_TOKEN_SECRET=... web-assistant
# Nothing in the test suite needs Docker; test/ops/deployment-files.test.ts checks this file's structure.

# --- build: every dependency, the TypeScript build, then only the production dependencies kept
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY scripts ./scripts
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: the built code, its production dependencies, the migrations and the widget files
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/migrations ./migrations
COPY --from=build /app/adapters/http/widget ./adapters/http/widget
# the image's own unprivileged user; the app writes nothing to its folder (sql.js files go to a volume)
USER node
EXPOSE 3000
# liveness only: /health asks nothing of the database (readiness is GET /ready, for the load balancer)
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SHUTDOWN_TIMEOUT_MS (25 s) fits Docker's default 10 s only if raised: see docker-compose.yml's stop_grace_period
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/cli/main.js", "serve"]
