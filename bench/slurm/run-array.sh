#!/bin/bash
# Run docs/recipes/slurm-array.sbatch on a single-node Slurm started here (Debian slurm-wlm + munge,
# as root), then `sample --complete`, and compare every part with a single-process run.
#   apt-get install -y slurm-wlm munge && bench/slurm/run-array.sh [shards] [rows]
# Starts munged (if not running), slurmctld and slurmd on free ports with state in a temporary
# folder, and stops the daemons it started on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARDS=${1:-4}
ROWS=${2:-200000}
WORK=$(mktemp -d /tmp/gan-augment-slurm.XXXXXX)
STATE=$WORK/state
mkdir -p "$STATE/ctld" "$STATE/d"
HOST=$(hostname -s)
CPUS=$(nproc)
MEMORY=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
CTLDPORT=$(port); DPORT=$(port)
sed -e "s|@HOST@|$HOST|g" -e "s|@CPUS@|$CPUS|g" -e "s|@MEMORY@|$MEMORY|g" -e "s|@STATE@|$STATE|g" \
  -e "s|@CTLDPORT@|$CTLDPORT|g" -e "s|@DPORT@|$DPORT|g" "$ROOT/bench/slurm/slurm.conf.in" > "$WORK/slurm.conf"
export SLURM_CONF=$WORK/slurm.conf
STARTED=()
STOP_MUNGE=
cleanup() {
  for pid in "${STARTED[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${STARTED[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${STOP_MUNGE:-}" ] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
if ! pgrep -x munged >/dev/null; then
  mkdir -p /run/munge && chown munge:munge /run/munge
  runuser -u munge -- /usr/sbin/munged
  STOP_MUNGE=1
fi
slurmctld -D -f "$SLURM_CONF" & STARTED+=($!)
slurmd -D -f "$SLURM_CONF" & STARTED+=($!)
for _ in $(seq 60); do sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mixed' && break; sleep 1; done
sinfo

CLI="node --import tsx $ROOT/src/cli/worker-entry.ts"
[ -f "$ROOT/dist/src/cli/worker-entry.js" ] && CLI="node $ROOT/dist/src/cli/worker-entry.js"
# tsx resolves from the working folder: run from the repository, with absolute paths.
cd "$ROOT"
$CLI fit --input "$ROOT/fixtures/demo-churn.csv" --label churned --model smote --model-dir "$WORK/model" --quiet
COUNT="yes=$ROWS"
export MODEL_DIR=$WORK/model OUTPUT=$WORK/out COUNT SEED=7 GAN_AUGMENT="$CLI"
START=$(date +%s.%N)
sbatch --wait --array=0-$((SHARDS - 1)) --chdir="$ROOT" --output="$WORK/task-%a.log" "$ROOT/docs/recipes/slurm-array.sbatch"
END=$(date +%s.%N)
$CLI sample --model-dir "$MODEL_DIR" --count "$COUNT" --shards "$SHARDS" --output "$OUTPUT" --seed 7 --complete
$CLI sample --model-dir "$MODEL_DIR" --count "$COUNT" --shards "$SHARDS" --output "$WORK/local" --seed 7 --workers 1 --quiet
for f in "$WORK"/local/part-*; do cmp "$f" "$OUTPUT/$(basename "$f")"; done
echo "slurm array: $SHARDS tasks, $ROWS rows in $(echo "$END - $START" | bc) s; every part equals the single-process run; _SUCCESS: $(test -f "$OUTPUT/_SUCCESS" && echo yes)"
