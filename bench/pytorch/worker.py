"""One PyTorch contestant of bench/training-speed.ts: `python3 worker.py tabular THREADS LAYOUT_JSON` or
`python3 worker.py image THREADS`. THREADS intra-op threads (torch.set_num_threads, and OpenBLAS's
and OpenMP's pools set to the same count), line protocol on stdin/stdout:
`run N` -> {"ms": [...], "cpuMs": CPU time per step}, `stats` -> {"peakRssMb": ...}, `quit`."""
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
THREADS = int(sys.argv[2])
# Debian's torch does its matrix products in OpenBLAS, whose own thread pool ignores
# torch.set_num_threads: without these, OpenBLAS threads beyond THREADS spin beside the step
# (measured with one thread: CPU time twice the wall time, and a slower image step). Set before
# the import that loads it.
os.environ["OPENBLAS_NUM_THREADS"] = str(THREADS)
os.environ["OMP_NUM_THREADS"] = str(THREADS)
import torch  # noqa: E402

torch.set_num_threads(THREADS)
torch.set_num_interop_threads(1)


def blas_loaded():
    """The BLAS library this process mapped (bench/training-speed.ts explains why it matters)."""
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split()[-1] for line in maps if "blas" in line.split()[-1]}
    except OSError:
        return "unknown"
    if not libs:
        return "none mapped"
    paths = sorted(libs)
    reference = any("/blas/libblas" in p for p in paths)
    return ", ".join(paths) + (" (the reference BLAS: not a fair contestant; apt-get install libopenblas0-openmp)" if reference else "")


def main():
    model = sys.argv[1]
    if model == "tabular":
        from ctgan_step import CtganStep
        bench = CtganStep(json.loads(sys.argv[3]))
    else:
        from dcgan_step import DcganStep
        bench = DcganStep()
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "run":
            ms = []
            c0 = time.process_time()
            for _ in range(int(parts[1])):
                t0 = time.perf_counter()
                bench.step()
                ms.append((time.perf_counter() - t0) * 1000)
            reply = {"ms": ms, "cpuMs": (time.process_time() - c0) * 1000 / max(1, len(ms))}
        elif parts[0] == "stats":
            n = torch.get_num_threads()
            reply = {"peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                     "note": f"torch {torch.__version__}, {n} thread{'s' if n > 1 else ''}, BLAS {blas_loaded()}"}
        elif parts[0] == "quit":
            return
        else:
            reply = {"error": f"unknown command {line.strip()}"}
        print(json.dumps(reply), flush=True)


main()
