"""gan-augment from Spark: one partition per shard, each running the CLI on its executor.

The executors need Node.js and gan-augment installed, and MODEL_DIR/OUTPUT on storage they all
see at the same path. Spark retries a failed task; the shard's bytes are the same on a retry.
"""
import subprocess

from pyspark.sql import SparkSession

SHARDS = 16
COMMON = ["gan-augment", "sample", "--model-dir", "/data/models/fraud", "--count", "fraud=10000000",
          "--shards", str(SHARDS), "--output", "/data/synthetic/fraud", "--seed", "7"]


def run_shard(shard):
    subprocess.run(COMMON + ["--shard", str(shard), "--quiet"], check=True)
    return shard


spark = SparkSession.builder.appName("gan-augment-sample").getOrCreate()
done = spark.sparkContext.parallelize(range(SHARDS), SHARDS).map(run_shard).collect()
subprocess.run(COMMON + ["--complete"], check=True)  # on the driver: every part, then _SUCCESS
df = spark.read.parquet("/data/synthetic/fraud")
print(len(done), "shards,", df.count(), "rows")
