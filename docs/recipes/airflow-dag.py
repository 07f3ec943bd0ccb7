"""gan-augment: one mapped Airflow task per shard (dynamic task mapping), then the completion step.

A retried task instance rewrites the same bytes, so `retries` is safe. The workers must see
MODEL_DIR and OUTPUT at the same paths (a shared volume or a mounted bucket).
"""
from datetime import datetime

from airflow.decorators import dag
from airflow.operators.bash import BashOperator

SHARDS = 16
COMMON = ("gan-augment sample --model-dir /data/models/fraud --count fraud=10000000 "
          f"--shards {SHARDS} --output /data/synthetic/fraud --seed 7")


@dag(start_date=datetime(2024, 1, 1), schedule=None, catchup=False, tags=["gan-augment"])
def gan_augment_sample():
    shards = BashOperator.partial(task_id="shard", retries=2).expand(
        bash_command=[f"{COMMON} --shard {i} --quiet" for i in range(SHARDS)]
    )
    complete = BashOperator(task_id="complete", bash_command=f"{COMMON} --complete")
    shards >> complete


gan_augment_sample()
