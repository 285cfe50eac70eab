# The API as a container: `npm start`'s app, built here, run by node on the line in .nvmrc.
#   docker build --build-arg NODE_VERSION="$(cat .nvmrc)" -t ohlc-api .
# (README "Deploy" has the run command; podman takes the same arguments.)
ARG NODE_VERSION=22
ARG NODE_IMAGE=node:${NODE_VERSION}-slim

# Build stage: every dependency, then the TypeScript build (dist/).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies' install scripts stay off, as npm 11 leaves them locally.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps/api apps/api
COPY libs libs
RUN npm run build

# Runtime stage: production dependencies only (the optional ones are a Node for development),
# the build output, and an unprivileged user.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force \
    && mkdir data \
    && chown node:node data
COPY --from=build /app/dist ./dist
# The official image's unprivileged user (uid 1000); it may write only data/ (the embedded store).
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/live`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 (exec form, no shell in between): SIGTERM reaches it, and the app's own handler
# (enableShutdownHooks) finishes the requests in flight, drains the L2 replay queue and exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/api/src/main.js"]
