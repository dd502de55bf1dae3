"""Speed-up of ``extract --dask local`` over one process, and whether both give the same events and store.

    .venv/bin/python bench/dask_speedup.py [-n 20000] [--workers 2] [--partition-lines 500] [--db]

Generates a synthetic corpus (``dyadwatch.scale.corpus``), then runs as child processes, one after another:
``extract CORPUS -o plain.jsonl`` (the plain single-process path), ``extract --shards`` in one process and
``extract --dask local --workers N`` (a distributed LocalCluster of N worker processes), and with ``--db`` both
again loading a store. Prints wall time, sentences/s and the speed-up of Dask over the single-process sharded run,
then checks that all JSONL outputs are byte-identical and (``--db``) that both stores hold the same rows.
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
        dask = ["--dask", "local", "--workers", str(args.workers)]
        runs = {"plain extract": ["extract", str(corpus), "-o", str(work / "plain.jsonl")]}
        for db in [False, True] if args.db else [False]:
            tag = " + store" if db else ""
            for name, extra in (("sharded, 1 process", []), (f"dask, {args.workers} workers", dask)):
                key = f"{'dask' if extra else 'one'}{'-db' if db else ''}"
                runs[name + tag] = [
                    "extract", str(corpus), "-o", str(work / f"{key}.jsonl"), "--shards", str(work / key), *part,
                    *extra, *(["--db", str(work / f"{key}.sqlite")] if db else []),
                ]  # fmt: skip
        results = {}
        for name, cmd in runs.items():
            results[name] = run(cmd)
            print(f"  {name}: {results[name][0]:.1f}s", file=sys.stderr)
        n_sent = results["plain extract"][1]
        print(f"{args.n} documents, {n_sent} sentences, partitions of {args.partition_lines} lines")
        print(f"{'run':<32} {'wall s':>8} {'sent/s':>8} {'speed-up':>9}")
        for name, (wall, _) in results.items():
            base = results.get(name.replace(f"dask, {args.workers} workers", "sharded, 1 process"), (wall, 0))[0]
            print(f"{name:<32} {wall:>8.1f} {n_sent / wall:>8,.0f} {base / wall:>8.2f}x")
        outputs = [work / f"{k}.jsonl" for k in ("one", "dask", "one-db", "dask-db") if (work / f"{k}.jsonl").exists()]
        same = all(filecmp.cmp(work / "plain.jsonl", o, shallow=False) for o in outputs)
        print(f"events identical to the plain extract ({len(outputs)} sharded runs): {same}")
        if args.db:
            from tests.scale.helpers import dump

            same_db = dump(work / "one-db.sqlite") == dump(work / "dask-db.sqlite")
            print(f"stores identical (1 process, dask): {same_db}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
