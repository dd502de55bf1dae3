"""Load run of the HTTP API: requests/s and latency percentiles of the events and series endpoints.

Generates N synthetic events (with mentions and documents, aggregates filled exactly as clustering fills them)
straight into a store with bulk inserts, starts ``dyadwatch serve`` on a free loopback port, and sends a bounded
number of requests with a few concurrent clients. Runs on SQLite and on PostgreSQL (a throw-away server from
``tests/pg.py`` when the PostgreSQL binaries are installed, or ``--pg-url``).

    .venv/bin/python bench/load_server.py                      # quick: 20 000 events, both backends
    .venv/bin/python bench/load_server.py --events 1000000     # the real figure

Everything stays on 127.0.0.1; memory is bounded (batches of ``--batch`` events).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.pg

log = logging.getLogger("load_server")

COUNTRIES = (
    "USA", "AZE", "TUR", "RUS", "ARM", "GEO", "IRN", "CHN", "FRA", "DEU", "GBR", "UKR", "ISR", "PAK",
    "IND", "KAZ", "UZB", "TKM", "EGY", "SAU", "ARE", "QAT", "IRQ", "SYR", "JOR", "LBN", "GRC", "CYP",
    "ITA", "ESP", "POL", "ROU", "BGR", "HUN", "SRB", "JPN", "KOR", "BRA", "CAN", "MEX",
)  # fmt: skip
TYPES = (  # event, mode, plover, goldstein, quad, cameo
    ("CONSULT", "phone", 1.5, 1.0, 1, "040"), ("CONSULT", "visit", 4.0, 1.9, 1, "042"),
    ("AGREE", None, 2.5, 3.0, 1, "057"), ("SUPPORT", None, 5.0, 3.4, 1, "051"), ("AID", None, 7.0, 7.4, 2, "070"),
    ("COOPERATE", None, 6.0, 6.0, 2, "060"), ("REQUEST", None, 0.0, -0.1, 3, "020"),
    ("ACCUSE", None, -3.0, -2.0, 3, "112"), ("REJECT", None, -2.0, -4.0, 3, "120"),
    ("THREATEN", None, -5.0, -4.4, 3, "130"), ("SANCTION", None, -6.0, -5.6, 4, "163"),
    ("MOBILIZE", None, -7.0, -7.2, 4, "150"),
)  # fmt: skip
LANGS = ("en", "en", "tr", "az")
FIRST_DAY, DAYS = date(2000, 1, 1), 26 * 365


def pairs_with_weights() -> tuple[list[tuple[str, str]], list[float]]:
    """All country pairs, Zipf-weighted (USA–AZE first): a few busy dyads, a long tail of quiet ones."""
    rng = random.Random(7)
    pairs = [(a, b) for i, a in enumerate(COUNTRIES) for b in COUNTRIES[i + 1 :]]
    rng.shuffle(pairs)
    pairs.remove(("USA", "AZE"))
    pairs.insert(0, ("USA", "AZE"))
    return pairs, [1 / (rank + 1) ** 1.1 for rank in range(len(pairs))]


# ---------------------------------------------------------------------------------------------------- data
def generate(url: str, n_events: int, batch: int = 20000, seed: int = 1) -> dict[str, int]:
    """Fill an empty store with ``n_events`` events, their mentions and documents; returns the counts."""
    from sqlalchemy import insert

    from dyadwatch.store import Store
    from dyadwatch.store.event_stats import MentionFacts, aggregate
    from dyadwatch.store.schema import documents, events, mentions

    rng = random.Random(seed)
    pairs, weights = pairs_with_weights()
    n_docs = max(n_events // 8, 1)
    doc_dates = [FIRST_DAY + timedelta(days=rng.randrange(DAYS)) for _ in range(n_docs)]
    doc_langs = [rng.choice(LANGS) for _ in range(n_docs)]
    now = datetime.now(UTC)
    text = "Synthetic report: the foreign ministers met and agreed to talk again. " * 2
    store = Store(url)
    counts = {"events": 0, "mentions": 0, "documents": n_docs}
    t0 = time.perf_counter()
    with store.engine.begin() as conn:
        for i in range(0, n_docs, batch):
            conn.execute(insert(documents), [
                {"id": f"doc-{j:08d}", "sha256": hashlib.sha256(b"%d" % j).hexdigest(), "status": "ok",
                 "path": f"synthetic/{j}.txt", "format": "text", "title": f"Synthetic document {j}",
                 "published": doc_dates[j], "lang": doc_langs[j], "langs": "[]", "meta": "{}", "text": text,
                 "n_sentences": 2, "ingested_at": now}
                for j in range(i, min(i + batch, n_docs))
            ])  # fmt: skip
    for start in range(0, n_events, batch):
        ev_rows, m_rows = [], []
        for k in range(start, min(start + batch, n_events)):
            a, b = rng.choices(pairs, weights)[0]
            if rng.random() < 0.5:
                a, b = b, a
            ev, mode, pl, gs, quad, cameo = rng.choice(TYPES)
            d = None if rng.random() < 0.03 else FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            st = rng.choices(("occurred", "planned", "proposed"), (90, 7, 3))[0]
            eid = f"ev-{hashlib.sha256(b'%d' % k).hexdigest()[:20]}"
            facts = []
            for _ in range(1 + min(int(rng.expovariate(2.0)), 6)):
                doc = rng.randrange(n_docs)
                jitter = rng.choice((0.0, 0.0, 0.5, -0.5))
                m_rows.append({
                    "doc_id": f"doc-{doc:08d}", "event_id": eid, "sentence_start": 0, "sentence_end": 70,
                    "lang": doc_langs[doc], "date": d, "date_precision": "day" if d else "unknown", "status": st,
                    "source_country": a, "target_country": b, "event": ev, "mode": mode, "cameo": cameo,
                    "intensity": pl + jitter, "goldstein": gs + jitter, "quad": quad, "trigger_text": "met",
                    "trigger_start": 40, "trigger_end": 43, "rule": "synthetic", "confidence": 0.9,
                    "coder_version": "bench",
                })  # fmt: skip
                facts.append(MentionFacts(f"doc-{doc:08d}", doc_langs[doc], quad, pl + jitter, gs + jitter,
                                          doc_dates[doc]))  # fmt: skip
            ev_rows.append({"id": eid, "source": a, "target": b, "event": ev, "mode": mode, "date": d,
                            "date_precision": "day" if d else "unknown", "status": st, "why": "synthetic",
                            **asdict(aggregate(facts))})  # fmt: skip
        with store.engine.begin() as conn:
            conn.execute(insert(events), ev_rows)
            conn.execute(insert(mentions), m_rows)
        counts["events"] += len(ev_rows)
        counts["mentions"] += len(m_rows)
        if (start // batch) % 10 == 0:
            log.info("%d / %d events (%.0f s)", counts["events"], n_events, time.perf_counter() - t0)
    with store.engine.connect() as conn:  # planner statistics, as a maintained database would have
        if store.engine.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    store.close()
    counts["load_s"] = round(time.perf_counter() - t0, 1)
    return counts


# ---------------------------------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(url: str) -> Iterator[str]:
    """``dyadwatch serve`` on a free loopback port; yields its base URL."""
    import httpx

    port = free_port()
    env = {**os.environ, "DYADWATCH_TOKEN": "", "PYTHONUNBUFFERED": "1"}
    errlog = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen([sys.executable, "-m", "dyadwatch", "serve", "--db", url, "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=errlog)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if proc.poll() is not None:
                errlog.seek(0)
                raise RuntimeError(f"server exited: {errlog.read().decode(errors='replace')}")
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise RuntimeError("server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        errlog.close()


# ---------------------------------------------------------------------------------------------------- load
def requests_for(endpoint: str, n: int, seed: int) -> list[dict[str, str]]:
    """Deterministic query parameters: pairs drawn with the data's weights, varied windows, filters and pages."""
    rng = random.Random(seed)
    pairs, weights = pairs_with_weights()
    out = []
    for _ in range(n):
        a, b = rng.choices(pairs, weights)[0]
        q: dict[str, str] = {"a": a, "b": b}
        if endpoint == "events":
            if rng.random() < 0.7:
                lo = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 365))
                q |= {"from": lo.isoformat(), "to": (lo + timedelta(days=365)).isoformat()}
            if rng.random() < 0.2:
                q["type"] = rng.choice(TYPES)[0]
            if rng.random() < 0.2:
                q["lang"] = rng.choice(("en", "tr", "az"))
            q |= {"limit": "50", "offset": str(50 * rng.randrange(4))}
        elif rng.random() < 0.7:  # the whole range, monthly (the dashboard's default view of a long relation)
            q["period"] = "month"
        else:  # one year, weekly
            lo = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 365))
            q |= {"period": "week", "from": lo.isoformat(), "to": (lo + timedelta(days=365)).isoformat()}
        out.append(q)
    return out


@dataclass(frozen=True)
class Result:
    backend: str
    endpoint: str
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def hammer(base: str, backend: str, endpoint: str, n: int, concurrency: int, seed: int) -> Result:
    import httpx

    params = requests_for(endpoint, n, seed)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    with httpx.Client(base_url=base, timeout=120, limits=httpx.Limits(max_connections=concurrency)) as client:
        for q in requests_for(endpoint, min(20, n), seed + 1):  # warm-up, not measured
            client.get(f"/api/{endpoint}", params=q)

        def one(q: dict[str, str]) -> None:
            nonlocal errors
            t = time.perf_counter()
            ok = client.get(f"/api/{endpoint}", params=q).status_code == 200
            dt = (time.perf_counter() - t) * 1000
            with lock:
                latencies.append(dt)
                errors += 0 if ok else 1

        t0 = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(one, params))
        wall = time.perf_counter() - t0
    lat = sorted(latencies)
    return Result(backend, endpoint, n, errors, round(n / wall, 1), round(percentile(lat, 50), 1),
                  round(percentile(lat, 99), 1), round(lat[-1], 1))  # fmt: skip


def run_backend(backend: str, url: str, args: argparse.Namespace) -> tuple[dict[str, int], list[Result]]:
    log.info("%s: generating %d events", backend, args.events)
    counts = generate(url, args.events, args.batch)
    log.info("%s: loaded %s", backend, counts)
    with server(url) as base:
        results = [hammer(base, backend, ep, args.requests, args.concurrency, seed)
                   for seed, ep in enumerate(("events", "series"))]  # fmt: skip
    return counts, results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=20000, help="events to generate (default 20000)")
    ap.add_argument("--requests", type=int, default=400, help="measured requests per endpoint (default 400)")
    ap.add_argument("--concurrency", type=int, default=4, help="concurrent clients (default 4)")
    ap.add_argument("--batch", type=int, default=20000, help="events per insert transaction")
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--pg-url", help="an empty PostgreSQL database to fill (default: start a throw-away server)")
    ap.add_argument("--workdir", type=Path, help="where the SQLite file goes (default: a temporary folder)")
    ap.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    report: dict[str, object] = {"events": args.events, "requests": args.requests, "concurrency": args.concurrency,
                                 "cpus": os.cpu_count(), "runs": []}  # fmt: skip
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="dyadwatch-load-", dir=args.workdir) as tmp:
        if args.backend in ("sqlite", "both"):
            counts, res = run_backend("sqlite", f"sqlite:///{Path(tmp) / 'load.sqlite'}", args)
            report["runs"].append({"backend": "sqlite", **counts})  # type: ignore[union-attr]
            results += res
        if args.backend in ("postgresql", "both"):
            if args.pg_url:
                counts, res = run_backend("postgresql", args.pg_url, args)
            else:
                from tests.pg import find_bindir, postgres_server

                if find_bindir() is None:
                    log.warning("PostgreSQL binaries not installed: skipping (use --pg-url)")
                    counts, res = {}, []
                else:
                    with postgres_server() as url:
                        counts, res = run_backend("postgresql", url, args)
            if res:
                report["runs"].append({"backend": "postgresql", **counts})  # type: ignore[union-attr]
                results += res
    report["results"] = [asdict(r) for r in results]
    print(f"\n{args.events} events, {args.requests} requests per endpoint, {args.concurrency} clients, "
          f"{os.cpu_count()} CPUs (server and clients share them)\n")  # fmt: skip
    print("| backend | endpoint | requests | errors | req/s | p50 ms | p99 ms | max ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r.backend} | {r.endpoint} | {r.requests} | {r.errors} | {r.rps} | {r.p50_ms} | {r.p99_ms} | "
              f"{r.max_ms} |")  # fmt: skip
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
