import io
import json
from pathlib import Path

import pymupdf
import pytest

from dyadwatch.ingest import read_inputs, read_stream
from dyadwatch.records import Document, IngestFailure
from dyadwatch.settings import Settings

TR_TEXT = "Türkiye Dışişleri Bakanı, Azerbaycan'ın başkenti Bakü'yü ziyaret etti. Görüşmede işbirliği ele alındı.\n"


def make_pdf(text: str) -> bytes:
    doc = pymupdf.open()
    for chunk in text.split("\f"):
        page = doc.new_page()
        page.insert_text((72, 72), chunk)
    data = doc.tobytes()
    doc.close()
    return data


@pytest.fixture
def messy_folder(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "good.txt").write_text("The United States and Azerbaijan held talks in Baku.\n", encoding="utf-8")
    (tmp_path / "sub" / "turkish.txt").write_bytes(TR_TEXT.encode("cp1254"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<garbage>>\n%%EOF trailing junk")
    (tmp_path / "paper.pdf").write_bytes(make_pdf("Page one text about Baku.\fPage two text about Ankara."))
    (tmp_path / ".hidden.txt").write_text("never read", encoding="utf-8")
    return tmp_path


def by_name(items: list[Document | IngestFailure]) -> dict[str, Document | IngestFailure]:
    return {Path(i.path).name: i for i in items}


def test_folder_with_bad_files_reads_good_ones_and_explains_bad_ones(messy_folder: Path) -> None:
    items = by_name(list(read_inputs([str(messy_folder)], Settings())))
    assert ".hidden.txt" not in items
    assert isinstance(items["good.txt"], Document)
    tr = items["turkish.txt"]
    assert isinstance(tr, Document) and tr.text == TR_TEXT and dict(tr.meta)["encoding"] in {"cp1254", "iso8859_9"}
    pdf = items["paper.pdf"]
    assert isinstance(pdf, Document) and pdf.format == "pdf"
    assert "Page one" in pdf.text and "Page two" in pdf.text and dict(pdf.meta)["pages"] == "2"
    reasons = {name: items[name].reason for name in ("empty.txt", "blob.txt", "corrupt.pdf")}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["blob.txt"]
    assert "PDF" in reasons["corrupt.pdf"]


def test_ids_are_deterministic_and_failures_have_stable_keys(messy_folder: Path) -> None:
    first = by_name(list(read_inputs([str(messy_folder)], Settings())))
    second = by_name(list(read_inputs([str(messy_folder)], Settings())))
    for name, item in first.items():
        other = second[name]
        assert (item.id if isinstance(item, Document) else item.key) == (
            other.id if isinstance(other, Document) else other.key
        )


def test_oversized_and_missing_files_fail_with_reason(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("a" * 3000, encoding="utf-8")
    items = list(read_inputs([str(big), str(tmp_path / "nope.txt")], Settings(max_file_mb=0.001)))
    assert [type(i) for i in items] == [IngestFailure, IngestFailure]
    assert "too large" in items[0].reason and "no such file" in items[1].reason


def test_jsonl_lines_become_documents_and_bad_lines_failures(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "d1", "text": "Bakı və Ankara", "published": "2023-12-06", "lang": "az", "title": "T"}),
        "{not json",
        json.dumps({"id": "d2", "text": ""}),
        json.dumps({"id": "d3", "text": "ok", "published": "yesterday"}),
        json.dumps({"text": "no id here", "url": "https://example.org/x", "source": "Wire"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)], Settings()))
    docs = [i for i in items if isinstance(i, Document)]
    fails = [i for i in items if isinstance(i, IngestFailure)]
    assert [d.id for d in docs] == ["d1", docs[1].id]
    assert docs[0].published.isoformat() == "2023-12-06" and docs[0].lang == "az" and docs[0].title == "T"
    assert docs[1].url == "https://example.org/x" and len(docs[1].id) == 32  # content hash id
    assert [f.path.rsplit(":", 1)[1] for f in fails] == ["2", "3", "4"]
    assert "invalid JSON" in fails[0].reason and "text" in fails[1].reason and "ISO date" in fails[2].reason


def test_markdown_keeps_title_words_and_urls() -> None:
    md = "## **Başlık: ABD ve Azerbaycan**\n\nMetin [kaynak](https://example.org/a) ve <https://example.org/b>.\n"
    (doc,) = list(read_stream(io.BytesIO(md.encode()), "markdown"))
    assert doc.title == "Başlık: ABD ve Azerbaycan"
    assert "https://example.org/a" in doc.text and "https://example.org/b" in doc.text and "**" not in doc.text


def test_html_main_text_and_metadata() -> None:
    html = """<html><head><title>Envoy in Baku</title><meta name="date" content="2023-12-06">
    <meta name="author" content="Jane Roe"></head><body><nav>Home | About | Contact</nav>
    <article><h1>Envoy in Baku</h1><p>The US envoy visited Baku on Wednesday and met the foreign minister of
    Azerbaijan to discuss the peace process with Armenia.</p><p>He was received by the president.</p></article>
    <footer>Copyright 2023 Example Wire</footer></body></html>"""
    (doc,) = list(read_stream(io.BytesIO(html.encode()), "html"))
    assert doc.title == "Envoy in Baku" and doc.author == "Jane Roe"
    assert doc.published.isoformat() == "2023-12-06"
    assert "received by the president" in doc.text and "Copyright" not in doc.text and "Contact" not in doc.text


def test_seed_texts_keep_title_and_footnote_urls(seeds_dir: Path) -> None:
    items = by_name(list(read_inputs([str(seeds_dir)], Settings())))
    seed2 = items["002_fbde54b755dce6f1.txt"]
    assert isinstance(seed2, Document)
    assert seed2.title == "ABD-AZERBAYCAN İLİŞKİLERİNDE İYİLEŞME VE İŞBİRLİĞİ SİNYALLERİ"
    for url in (
        "https://en.armradio.am/2023/11/16/azerbaijan-accuses-us-of-bias-refuses-to-participate-in-a-meeting-with-armenian-fm/",
        "https://www.azernews.az/nation/218087.html",
        "https://news.am/eng/news/794740.html",
        "https://twitter.com/StateEUR/status/1732552763647619266",
    ):
        assert url in seed2.text
    seed0 = items["000_a105f8a203e2d5d2.txt"]
    assert seed0.text == (seeds_dir / "000_a105f8a203e2d5d2.txt").read_text(encoding="utf-8")
