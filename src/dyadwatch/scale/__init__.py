"""Scale-out and throughput: sharded (optionally Dask-distributed) extraction into Parquet shards, loading shards
into the store, and a synthetic corpus for benchmarks.

Light to import: Dask and pyarrow load only when used (``pip install 'dyadwatch[dist]'``).
"""
