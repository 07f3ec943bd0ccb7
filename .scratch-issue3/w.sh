printf 'run 2\nrun 3\nstats\nquit\n' | npx tsx bench/training-speed/tfjs-worker.ts $1 $2
