# One image for the bot and the workers (`hunt bot`, `hunt worker`): sources are TypeScript
# run through tsx, exactly as in development and tests, so there is no build step.
#
# CPU by default. For NVIDIA GPUs build with --build-arg ONNXRUNTIME_NODE_INSTALL=cuda12
# (onnxruntime-node then downloads its CUDA 12 binaries; the host needs the NVIDIA
# container toolkit, CUDA 12 and cuDNN 9) and run the worker with HUNT_DEVICE=cuda.
FROM node:20-bookworm-slim

ARG ONNXRUNTIME_NODE_INSTALL=skip
ENV NODE_ENV=production \
    ONNXRUNTIME_NODE_INSTALL=${ONNXRUNTIME_NODE_INSTALL} \
    HUNT_CACHE_DIR=/data/models \
    HUNT_DATA_DIR=/data/hunt

# procps: pgrep, for the worker's health check (its model host child must be alive)
RUN apt-get update && apt-get install -y --no-install-recommends procps && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# tsx and the type-only packages stay: tsx runs the sources.
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY bin ./bin
COPY bot ./bot
COPY catalog ./catalog
COPY cli ./cli
COPY commands ./commands
COPY common ./common
COPY corpus ./corpus
COPY models ./models
COPY queue ./queue
COPY tasks ./tasks
COPY worker ./worker
COPY web ./web

RUN mkdir -p /data/models /data/hunt && chown -R node:node /data
USER node
VOLUME ["/data"]

ENTRYPOINT ["node", "bin/hunt.mjs"]
CMD ["worker"]
