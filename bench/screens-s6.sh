#!/usr/bin/env bash
# The small-class screens of issue #12's fourth session (docs/ctgan.md, "Small classes, fourth
# session"), one at a time, niced, one evaluate worker and one thread. Each line of the queue below
# is one bench/quality.ts run; the bench skips datasets whose result file exists, so this script
# resumes where it was killed. Glass runs as it is; the other sets with their smallest class cut
# to 10 real rows (--minority-rows 10).
set -u
cd "$(dirname "$0")/.."
export GAN_AUGMENT_WORKERS=1 GAN_AUGMENT_THREADS=1
COMMON=(--folds 5 --repeats 2 --classifiers logistic,mlp,forest --epochs default)
SMALL=(--minority-rows 10 --datasets haberman,ecoli_imu,breast_cancer_ljubljana,pima_diabetes)
QUEUE=${QUEUE:-bench/screens-s6.queue}
i=1
# The queue file is read again before each line, so lines appended while it runs are run too.
while line=$(sed -n "${i}p" "$QUEUE") && [ -n "$line" ]; do
  read -r screen methods params amount <<<"$line"
  extra=(--screen "$screen" --methods "$methods")
  [ "$params" != "-" ] && extra+=(--ctgan-params "$params")
  [ "$amount" != "-" ] && extra+=(--amount "$amount")
  for sets in glass small; do
    if [ $sets = glass ]; then which=(--datasets glass); else which=("${SMALL[@]}"); fi
    echo "[$(date -u +%H:%M:%S)] $screen $sets"
    nice -n 15 npx tsx bench/quality.ts "${COMMON[@]}" "${extra[@]}" "${which[@]}" || echo "[$(date -u +%H:%M:%S)] $screen $sets failed: $?"
  done
  i=$((i + 1))
done
echo "[$(date -u +%H:%M:%S)] queue done"
