# One image for the bot and the workers (`hunt bot`, `hunt worker`): the sources compiled to
# JavaScript (`npm run build` → dist/), which bin/hunt.mjs runs.
#
# CPU by default. For NVIDIA GPUs build with --build-arg ONNXRUNTIME_NODE_INSTALL=cuda12
# (onnxruntime-node's install script, allowed in package.json's allowScripts, then downloads
# its CUDA 12 execution provider; the host needs the NVIDIA container toolkit, CUDA 12 and
# cuDNN 9) and run the worker with HUNT_DEVICE=cuda.
FROM node:20-bookworm-slim

# skip: onnxruntime-node's CPU binaries ship inside the package; its install script would
# otherwise fetch the CUDA provider from outside the npm registry (its documented switch).
ARG ONNXRUNTIME_NODE_INSTALL=skip
ENV ONNXRUNTIME_NODE_INSTALL=${ONNXRUNTIME_NODE_INSTALL} \
    HUNT_CACHE_DIR=/data/models \
    HUNT_DATA_DIR=/data/hunt

# procps: pgrep, for the worker's health check (its model host child must be alive)
RUN apt-get update && apt-get install -y --no-install-recommends procps && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
# With dev dependencies: TypeScript compiles the sources below (the `prepare` build has
# nothing to compile yet in this layer and says so).
RUN npm ci --no-audit --no-fund

# Everything but what .dockerignore leaves out (tests, benchmarks, node_modules): new source
# folders need no line here.
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund && npm cache clean --force

ENV NODE_ENV=production
RUN mkdir -p /data/models /data/hunt && chown -R node:node /data
USER node
VOLUME ["/data"]

ENTRYPOINT ["node", "bin/hunt.mjs"]
CMD ["worker"]
