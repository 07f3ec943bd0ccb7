#!/usr/bin/env bash
# Issue #12's screens, one queue line at a time, niced, one evaluate worker and one thread. Each
# line of the queue is one bench/quality.ts run ("screen methods params amount"; "-" for none);
# the bench skips datasets whose result file exists, so this script resumes where it was killed.
#
#   PROTOCOL=small (default; docs/ctgan.md, "Small classes, fourth session"): 5 folds x 2 repeats,
#     glass as it is and four sets with their smallest class cut to 10 real rows.
#   PROTOCOL=full (docs/ctgan.md, "Full protocol, session 7"): 5 folds x 3 repeats on the 8 sets,
#     smallest first; its splits are those of screen-full-v4, so a ctgan-only line pairs with it.
#   SETS="a b" (full protocol) runs only those sets; SEED=N evaluates with seed N (default 0).
#   ORDER=reverse runs the sets in the opposite order: a second copy of the script on the same
#     queue then works from the other end (each set is skipped once its result file exists).
set -u
cd "$(dirname "$0")/.."
export GAN_AUGMENT_WORKERS=1 GAN_AUGMENT_THREADS=1
PROTOCOL=${PROTOCOL:-small}
QUEUE=${QUEUE:-bench/screens-s6.queue}
if [ "$PROTOCOL" = full ]; then
  COMMON=(--folds 5 --repeats 3 --classifiers logistic,mlp,forest --epochs default)
  read -r -a RUNS <<<"${SETS:-glass haberman ecoli_imu breast_cancer_ljubljana oil_spill german_credit pima_diabetes phoneme}"
else
  COMMON=(--folds 5 --repeats 2 --classifiers logistic,mlp,forest --epochs default)
  RUNS=(glass "--minority-rows 10 haberman,ecoli_imu,breast_cancer_ljubljana,pima_diabetes")
fi
if [ "${ORDER:-}" = reverse ]; then
  for ((j = 0, k = ${#RUNS[@]} - 1; j < k; j++, k--)); do t=${RUNS[j]}; RUNS[j]=${RUNS[k]}; RUNS[k]=$t; done
fi
i=1
# The queue file is read again before each line, so lines appended while it runs are run too.
while line=$(sed -n "${i}p" "$QUEUE") && [ -n "$line" ]; do
  read -r screen methods params amount <<<"$line"
  extra=(--screen "$screen" --methods "$methods" --seed "${SEED:-0}")
  [ "$params" != "-" ] && extra+=(--ctgan-params "$params")
  [ "$amount" != "-" ] && extra+=(--amount "$amount")
  for run in "${RUNS[@]}"; do
    # A run is "[--minority-rows N] datasets".
    read -r -a words <<<"$run"
    which=("${words[@]:0:${#words[@]}-1}" --datasets "${words[-1]}")
    echo "[$(date -u +%H:%M:%S)] $screen ${words[-1]}"
    nice -n 15 npx tsx bench/quality.ts "${COMMON[@]}" "${extra[@]}" "${which[@]}" || echo "[$(date -u +%H:%M:%S)] $screen ${words[-1]} failed: $?"
  done
  i=$((i + 1))
done
echo "[$(date -u +%H:%M:%S)] queue done"
