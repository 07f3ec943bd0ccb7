"""gan-augment from Ray: one remote task per shard (one CPU each), then the completion step."""
import subprocess

import ray

SHARDS = 16
COMMON = ["gan-augment", "sample", "--model-dir", "/data/models/fraud", "--count", "fraud=10000000",
          "--shards", str(SHARDS), "--output", "/data/synthetic/fraud", "--seed", "7"]


@ray.remote(num_cpus=1, max_retries=2)
def run_shard(shard):
    subprocess.run(COMMON + ["--shard", str(shard), "--quiet"], check=True)
    return shard


if __name__ == "__main__":
    ray.init()  # or ray.init(address="auto") on a cluster
    ray.get([run_shard.remote(s) for s in range(SHARDS)])
    subprocess.run(COMMON + ["--complete"], check=True)
