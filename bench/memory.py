"""Peak memory on large inputs: a 200 MB plain-text file and a 1,000,000-line JSONL.

    .venv/bin/python bench/memory.py [--text-mb 200] [--jsonl-lines 1000000] [--full] [--workdir DIR]

Generates both files (synthetic news paragraphs), then runs child processes and reports each one's wall time and
peak RSS (``os.wait4``): reading only (``read_inputs``: parts of the text file, lines of the JSONL), and with
``--full`` the whole pipeline: every part of the text file coded (``Pipeline.process``, no store; ``--store``:
``dyadwatch ingest TEXT --db`` instead, which also stores and clusters) and ``dyadwatch extract JSONL -o FILE``.
Memory should not grow with the input: compare with ``--text-mb 20``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READ_ONLY = """
import sys
from dyadwatch.ingest import read_inputs
from dyadwatch.settings import Settings
n = chars = 0
for item in read_inputs([sys.argv[1]], Settings(max_file_mb=100000)):
    n += 1
    chars += len(getattr(item, "text", ""))
print(n, chars)
"""
CODE_ALL = """
import sys
from dyadwatch.ingest import read_inputs
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Document
from dyadwatch.settings import Settings
pipeline = Pipeline()
n = sentences = mentions = 0
for item in read_inputs([sys.argv[1]], Settings(max_file_mb=100000)):
    if isinstance(item, Document):
        result = pipeline.process(item)
        n, sentences, mentions = n + 1, sentences + len(result.sentences), mentions + len(result.mentions)
print(n, "parts", sentences, "sentences", mentions, "events")
"""


def child(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and the last output line of a child process."""
    t0 = time.perf_counter()
    env = {**os.environ, "COLUMNS": "1000"}  # summaries on one line
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=env)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(out[-3000:])
    lines = [line for line in out.splitlines() if line.strip()]
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text-mb", type=int, default=200)
    ap.add_argument("--jsonl-lines", type=int, default=1_000_000)
    ap.add_argument("--full", action="store_true", help="also run the whole pipeline (takes long)")
    ap.add_argument("--store", action="store_true", help="with --full: ingest the text file into SQLite")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from dyadwatch.scale.corpus import default_sources, synthetic_documents

    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        sources = default_sources(ROOT)
        text, jsonl = work / "big.txt", work / "long.jsonl"
        with text.open("w", encoding="utf-8") as fh:
            for doc in synthetic_documents(sources, 10**9, seed=1):
                fh.write(str(doc["text"]) + "\n\n")
                if fh.tell() >= args.text_mb << 20:
                    break
        with jsonl.open("w", encoding="utf-8") as fh:
            docs = synthetic_documents(sources, args.jsonl_lines, seed=2, declare_lang=True)
            for i, doc in enumerate(docs):
                doc["text"] = str(doc["text"]).split("\n\n")[0][:300]  # one short paragraph per line
                doc["id"] = f"line-{i}"
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
        rows = []
        inputs = (
            (f"text {text.stat().st_size / 2**20:.0f} MB", text),
            (f"JSONL {args.jsonl_lines:,} lines ({jsonl.stat().st_size / 2**20:.0f} MB)", jsonl),
        )
        for label, path in inputs:
            wall, rss, out = child([sys.executable, "-c", READ_ONLY, str(path)])
            rows.append((label, "read only", wall, rss, f"{out.split()[0]} documents"))
            print(f"  {rows[-1]}", file=sys.stderr)
        if args.full:
            if args.store:
                db = work / "big.sqlite"
                cmd = [sys.executable, "-m", "dyadwatch", "ingest", str(text), "--db", str(db), "--max-file-mb", "1e5"]
                wall, rss, out = child(cmd)
                rows.append((rows[0][0], "ingest → SQLite", wall, rss, ""))
            else:
                wall, rss, out = child([sys.executable, "-c", CODE_ALL, str(text)])
                rows.append((rows[0][0], "read + code", wall, rss, out))
            print(f"  {rows[-1]}", file=sys.stderr)
            cmd = [sys.executable, "-m", "dyadwatch", "extract", str(jsonl), "-o", str(work / "events.jsonl")]
            wall, rss, out = child(cmd)
            rows.append((rows[1][0], "extract → JSONL", wall, rss, out[:80]))
            print(f"  {rows[-1]}", file=sys.stderr)
    print(f"{'input':<34} {'what':<16} {'wall s':>8} {'peak RSS MiB':>13}  notes")
    for label, what, wall, rss, note in rows:
        print(f"{label:<34} {what:<16} {wall:>8.1f} {rss:>13,.0f}  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
