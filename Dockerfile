# syntax=docker/dockerfile:1
# One image for both the API and the worker; docker-compose.yml picks the command.

# ---- build: compile TypeScript, prebuild the Temporal workflow bundle and the web UI ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Install scripts stay off, as on developers' machines: native parts (Temporal core, esbuild, swc) ship prebuilt.
ENV npm_config_ignore_scripts=true \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
# Webpack bundles workflows/index.ts from the sources still present in this stage; the runtime stage ships only the bundle.
RUN node dist/worker/build-workflow-bundle.js /app/dist/workflow-bundle.js \
    && test -s /app/dist/workflow-bundle.js
# The web UI (Vite → ui/dist), served by the API at /.
RUN npm run build:ui && test -s /app/ui/dist/index.html

# ---- runtime: production dependencies, compiled code, non-root ----
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js \
    npm_config_ignore_scripts=true \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/ui/dist ./ui/dist
# The image's built-in unprivileged user.
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/api/main.js"]
