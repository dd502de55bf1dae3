from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from dyadwatch.cli_relations import register
from dyadwatch.store import Store


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _main() -> None:  # a group, like dyadwatch.cli.app
        pass

    register(app)
    return app


def test_cli_commands(tmp_path: Path, labelled) -> None:
    a, b, _ = labelled
    db = str(tmp_path / "cli.sqlite")
    with Store(f"sqlite:///{db}") as store:
        store.write_batch(a + b, None)
    run = CliRunner().invoke
    app = _app()
    res = run(app, ["cluster", "--db", db])
    assert res.exit_code == 0, res.output
    assert "10" in res.output
    res = run(app, ["events", "USA", "AZE", "--db", db, "--format", "json", "--citations"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert len(rows) == 8 and all(r["mentions"] for r in rows)
    planned = [r for r in rows if r["status"] == "planned"]
    assert len(planned) == 1 and planned[0]["fulfilled_by"] in {r["id"] for r in rows}
    res = run(app, ["series", "USA", "AZE", "--db", db, "--period", "week", "--from", "2023-11-13", "--to",
                    "2023-12-13", "--format", "csv"])  # fmt: skip
    assert res.exit_code == 0, res.output
    table = list(csv.DictReader(io.StringIO(res.output)))
    assert [int(r["n_events"]) for r in table] == [1, 0, 4, 2, 0]
    assert "goldstein_sum" in table[0] and "plover_sum" in table[0]
    out = tmp_path / "p.json"
    res = run(app, ["periods", "USA", "AZE", "--db", db, "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())[0]["kind"] in ("tenure", "window")
    res = run(app, ["brief", "USA", "AZE", "--from", "2023-11-13", "--to", "2023-12-13", "--db", db, "--out",
                    str(tmp_path / "briefs")])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert (tmp_path / "briefs" / "brief_USA_AZE_2023-11-13_2023-12-13.md").is_file()
    assert run(app, ["series", "USA", "AZE", "--db", db, "--period", "fortnight"]).exit_code == 2
    assert run(app, ["events", "--db", db, "--from", "yesterday"]).exit_code == 2
    res = run(app, ["events", "--db", db])
    assert res.exit_code == 0 and "USA" in res.output
