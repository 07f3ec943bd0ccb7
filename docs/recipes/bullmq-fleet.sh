#!/bin/bash
# gan-augment on a BullMQ + Redis worker fleet: start workers (one per core, on any machine that
# sees the model and output paths), submit every shard, wait, and let a worker complete the job.
set -euo pipefail
REDIS=${REDIS:-redis://127.0.0.1:6379}
for i in $(seq "$(nproc)"); do
  gan-augment worker --redis "$REDIS" --quiet &   # in production: a systemd unit or a Deployment
done
gan-augment sample --model-dir "$PWD/models/fraud" --count fraud=1000000 --shards 16 \
  --output "$PWD/synthetic/fraud" --redis "$REDIS"
kill $(jobs -p)   # SIGTERM: each worker finishes its job and exits 0
wait
