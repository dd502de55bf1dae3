"""Small pieces of the server: highlight segments, the `serve` command's help, settings for the server."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from dyadwatch.server.highlight import Mark, segments
from dyadwatch.settings import Settings, load_settings


def test_segments_cover_the_text_and_nest() -> None:
    text = "Blinken called Aliyev 🙂 today."
    marks = [Mark(0, 30, "evidence", 1), Mark(8, 14, "trigger", 1), Mark(0, 7, "source", 1), Mark(15, 21, "target", 1)]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    assert [s.text for s in segs if "trigger" in s.marks] == ["called"]
    assert [s.marks for s in segs if s.text == "Blinken"] == [("evidence", "source")]
    assert segments("abc", [Mark(5, 9, "trigger")]) == segments("abc", [])
    sentence = segments(text[8:21], marks, offset=8)  # a sentence cut out of the document
    assert [s.text for s in sentence if "target" in s.marks] == ["Aliyev"]


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45),
                                                st.sampled_from(("trigger", "source", "evidence")))))  # fmt: skip
def test_segments_property(text: str, raw: list[tuple[int, int, str]]) -> None:
    marks = [Mark(a, b, k, i) for i, (a, b, k) in enumerate(raw)]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    pos = 0
    for s in segs:
        for i, m in enumerate(marks):
            covers = max(m.start, 0) <= pos and pos + len(s.text) <= m.end and m.start < m.end
            assert (i in s.mention_ids) == (covers and len(s.text) > 0) or not s.text
        pos += len(s.text)


def test_server_settings_from_env_and_repr_hides_the_token() -> None:
    s = load_settings(env={"DYADWATCH_TOKEN": "abc", "DYADWATCH_READ_PUBLIC": "no", "DYADWATCH_PORT": "9000",
                           "DYADWATCH_MAX_UPLOAD_MB": "2.5", "DYADWATCH_HOST": "0.0.0.0"})  # fmt: skip
    assert (s.token, s.read_public, s.port, s.max_upload_mb, s.host) == ("abc", False, 9000, 2.5, "0.0.0.0")
    assert "abc" not in repr(s) and Settings().token == "" and Settings().read_public is True


def test_serve_help() -> None:
    res = subprocess.run([sys.executable, "-m", "dyadwatch", "serve", "--help"], capture_output=True, text=True,
                         timeout=120)  # fmt: skip
    assert res.returncode == 0
    for flag in ("--db", "--host", "--port", "--token", "--read-public", "--max-upload-mb"):
        assert flag in res.stdout
    res = subprocess.run([sys.executable, "-m", "dyadwatch", "--help"], capture_output=True, text=True, timeout=120)
    assert "serve" in res.stdout
