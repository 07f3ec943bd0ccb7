"""gan-augment from Dask: one task per shard on the cluster's workers, then the completion step."""
import subprocess

from dask.distributed import Client

SHARDS = 16
COMMON = ["gan-augment", "sample", "--model-dir", "/data/models/fraud", "--count", "fraud=10000000",
          "--shards", str(SHARDS), "--output", "/data/synthetic/fraud", "--seed", "7"]


def run_shard(shard):
    subprocess.run(COMMON + ["--shard", str(shard), "--quiet"], check=True)
    return shard


if __name__ == "__main__":
    client = Client()  # or Client("tcp://scheduler:8786")
    futures = client.map(run_shard, range(SHARDS), retries=2, pure=False)
    client.gather(futures)
    subprocess.run(COMMON + ["--complete"], check=True)
