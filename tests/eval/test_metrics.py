"""Matching and scoring of the evaluation harness."""

from __future__ import annotations

from dyadwatch.eval import date_match, evaluate, format_report, lenient_match, strict_match


def gold(**kw):
    base = {
        "doc_id": "d1",
        "lang": "tr",
        "event": "CONSULT",
        "mode": "phone",
        "source": "USA",
        "target": "AZE",
        "directed": True,
        "date": "2023-11-27",
        "date_precision": "day",
        "status": "occurred",
    }
    return {**base, **kw}


def pred(event="CONSULT", src="USA", tgt="AZE", d="2023-11-27", prec="day", doc="d1", lang="tr", mode=None):
    return {
        "doc_id": doc,
        "lang": lang,
        "date": d,
        "date_precision": prec,
        "source": {"country": src},
        "target": {"country": tgt},
        "plover": {"event": event, "mode": mode, "context": None},
    }


def test_strict_direction_and_date() -> None:
    assert strict_match(gold(), pred())
    assert not strict_match(gold(), pred(src="AZE", tgt="USA"))
    assert strict_match(gold(directed=False), pred(src="AZE", tgt="USA"))
    assert not strict_match(gold(), pred(d="2023-11-28"))
    assert not strict_match(gold(), pred(event="AGREE"))


def test_date_rules() -> None:
    assert date_match(gold(date=None), pred(d="2000-01-01"))
    assert date_match(gold(), pred(d="2023-11-01", prec="month"))
    assert date_match(gold(), pred(d="2023-12-02", prec="approx"))
    assert not date_match(gold(), pred(d="2023-12-13", prec="approx"))
    assert date_match(gold(date="2023-01-01", date_precision="year"), pred(d="2023-06-05"))


def test_lenient_quad_and_pair() -> None:
    assert lenient_match(gold(), pred(event="SUPPORT", src="AZE", tgt="USA"))  # both quad 1
    assert not lenient_match(gold(), pred(event="SANCTION"))
    assert not lenient_match(gold(), pred(tgt="ARM"))


def test_evaluate_counts_one_to_one() -> None:
    g = [gold(), gold(event="SANCTION", mode="discontinue", date="2023-11-16")]
    p = [pred(), pred(), pred(event="SANCTION", d="2023-11-16"), pred(doc="other")]
    r = evaluate(g, p)
    s = r.strict["tr"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 0)  # the duplicate is a false positive; other docs are ignored
    assert abs(s.precision - 2 / 3) < 1e-9 and s.recall == 1.0
    assert r.confusion[("CONSULT", "CONSULT")] == 1
    text = format_report(r)
    assert "strict" in text and "confusion" in text
    assert r.to_json()["strict"]["all"]["tp"] == 2


def test_evaluate_missed() -> None:
    r = evaluate([gold()], [])
    assert r.strict["tr"].recall == 0.0 and r.strict["tr"].f1 == 0.0
    assert r.errors[0]["kind"] == "missed"
