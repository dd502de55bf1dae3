"""Speed-up of ``extract --dask local`` over one process, and whether both give the same events and store.

    .venv/bin/python bench/dask_speedup.py [-n 20000] [--workers 2] [--partition-lines 500] [--db]

Generates a synthetic corpus (``dyadwatch.scale.corpus``), then runs as child processes, one after another:
``extract CORPUS -o plain.jsonl`` (the plain single-process path), ``extract --shards`` in one process and
``extract --dask local --workers N`` (a distributed LocalCluster of N worker processes), each with ``--db`` when
asked. Prints wall time, sentences/s and the speed-up of Dask over the single-process sharded run, then checks that
the three JSONL outputs are byte-identical and (``--db``) that both stores hold the same rows.
"""

from __future__ import annotations

import argparse
import filecmp
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = re.compile(r"(\d+) sentences")


def run(args: list[str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "dyadwatch", *args], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-3000:])
    m = SENTENCES.search(res.stderr)
    return wall, int(m.group(1)) if m else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=20000, help="synthetic documents")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition-lines", type=int, default=500)
    ap.add_argument("--db", action="store_true", help="also load each run into its own SQLite store and compare")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    from dyadwatch.scale.corpus import default_sources, write_corpus

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            write_corpus(fh, default_sources(ROOT), args.n)
        part = ["--partition-lines", str(args.partition_lines)]
        runs = {
            "plain extract": ["extract", str(corpus), "-o", str(work / "plain.jsonl")],
            "sharded, 1 process": ["extract", str(corpus), "-o", str(work / "one.jsonl"), "--shards",
                                   str(work / "s1"), *part, *(["--db", str(work / "one.sqlite")] if args.db else [])],
            f"dask local, {args.workers} workers": [
                "extract", str(corpus), "-o", str(work / "dask.jsonl"), "--shards", str(work / "s2"), *part,
                "--dask", "local", "--workers", str(args.workers),
                *(["--db", str(work / "dask.sqlite")] if args.db else []),
            ],
        }  # fmt: skip
        results = {}
        for name, cmd in runs.items():
            results[name] = run(cmd)
            wall, n = results[name]
            print(f"  {name}: {wall:.1f}s", file=sys.stderr)
        print(f"{args.n} documents, {results['plain extract'][1]} sentences, partitions of {args.partition_lines}")
        print(f"{'run':<24} {'wall s':>8} {'sent/s':>8}")
        for name, (wall, n) in results.items():
            print(f"{name:<24} {wall:>8.1f} {n / wall:>8,.0f}")
        one, dask = results["sharded, 1 process"][0], results[f"dask local, {args.workers} workers"][0]
        print(f"speed-up of Dask over one process: {one / dask:.2f}x")
        same = filecmp.cmp(work / "plain.jsonl", work / "one.jsonl", shallow=False) and filecmp.cmp(
            work / "plain.jsonl", work / "dask.jsonl", shallow=False
        )
        print(f"events identical (plain, sharded, dask): {same}")
        if args.db:
            from tests.scale.helpers import dump

            print(f"stores identical (sharded, dask): {dump(work / 'one.sqlite') == dump(work / 'dask.sqlite')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
