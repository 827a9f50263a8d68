# syntax=docker/dockerfile:1
#
# The live-risk production image: one image for every process. What a container does is chosen by
# its command, exactly as on a server (README, "Running in production"):
#
#   docker run … IMAGE run --follow --ops-listen 0.0.0.0:9464   # the consumers
#   docker run … IMAGE scheduler --ops-listen 0.0.0.0:9465      # the morning digests and their emails
#   docker run … IMAGE serve --ops-listen 0.0.0.0:9466          # the portal (with PORTAL_LISTEN=0.0.0.0:8080)
#   docker run --rm … IMAGE status                              # any one-shot command
#
# It is configured only through environment variables (README, "Configuration"); nothing secret is
# baked in. It could not be built here (our machines have no Docker engine): it is written from the
# official node image's documentation and its best-practices guide.

# Node 24, the active LTS line, on Debian 12 "bookworm", slim variant. The tag pins the Node major and
# the Debian release, so a rebuild picks up their security fixes but never a new Node major or a new
# Debian underneath. Pin a digest (node:24-bookworm-slim@sha256:…) when builds must be reproducible.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- dependencies: a stage of its own, so editing the code does not re-run npm ---------------------
FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# Exactly the locked versions, production dependencies only. tsx is one of them: the code runs from
# its TypeScript source, so there is no build step. Install scripts stay on (esbuild's and
# protobufjs's run plain node, no compiler needed). The npm cache is not kept in the layer.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- the image ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
# What the processes read at run time, and nothing else (.dockerignore keeps tests, specs and
# benchmarks out): the CLI entry point, the TypeScript source (including the JSON risk rules and
# sharing policies in services/risk/rule-sets and services/policy/policies, read at run time) and
# tsconfig.json, which tsx reads. schemas/ is left out: it is only for `npm test`'s drift check.
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY services ./services
COPY pipelines ./pipelines

# Not root: the node image's own unprivileged user (uid 1000). The files above stay root-owned, so
# the processes cannot change their own code. Nothing is written under /app; tsx keeps its compile
# cache in /tmp. The one file live-risk may write is the analysts' pseudonym key, in
# LIVE_RISK_STATE_DIR (named here rather than left to the home-directory default): mount a volume
# there if analysts run `replay` or `what-if` in this image, or the key goes with the container.
ENV LIVE_RISK_STATE_DIR=/home/node/.local/state/live-risk
USER node

# Documentation only: the portal and the three ops ports. Nothing is published unless you say so.
EXPOSE 8080 9464 9465 9466

# Docker's default stop signal; named because the processes drain on it (a consumer finishes its
# batch, the scheduler its run, the portal its requests) within --shutdown-grace, 20 s by default.
# Give `docker stop` more than that: `docker stop -t 30`, or `stop_grace_period: 30s` in compose
# (Docker's default of 10 s would kill a draining process).
STOPSIGNAL SIGTERM

# Liveness through the ops port's /healthz (200 while the process runs). The slim image has neither
# curl nor wget, so Node's built-in fetch asks. A container runs one process, which serves one of the
# default ops ports (9464 consumers, 9465 scheduler, 9466 portal), on 0.0.0.0 so that it can be
# scraped, which 127.0.0.1 inside the container also reaches: healthy if any of the three answers 200.
# Override it if you move the port; a one-shot command exits before the first check.
# /readyz is deliberately not the test: a standby, or a process waiting out a Kafka outage, is alive
# and doing the right thing, and restarting it would not help.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "-e", "Promise.any([9464, 9465, 9466].map((port) => fetch('http://127.0.0.1:' + port + '/healthz', { signal: AbortSignal.timeout(5000) }).then((response) => { if (!response.ok) throw new Error(String(response.status)); }))).then(() => process.exit(0), () => process.exit(1))"]

# The process is Node itself, as PID 1 (no shell in between, so SIGTERM reaches it): it installs its
# own SIGTERM and SIGINT handlers, which is what PID 1 needs, and starts no child processes.
# `docker run --init` (compose: `init: true`) adds a minimal init in front as well; harmless.
ENTRYPOINT ["node", "bin/live-risk.cjs"]
# With no command, print the commands and exit: starting a consumer, scheduler or portal is always
# asked for by name.
CMD ["--help"]
