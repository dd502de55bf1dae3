"""Format readers: raw bytes of one file → (text, metadata). Each raises ``ReadError`` with a reason."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from dyadwatch.ingest.encoding import DecodeError, decode


class ReadError(ValueError):
    """An input could not be turned into text; the message is the reason recorded in the store."""


@dataclass(frozen=True)
class Extracted:
    """Text and metadata read from one input."""

    text: str
    format: str
    title: str | None = None
    published: date | None = None
    author: str | None = None
    url: str | None = None
    source: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$", re.M)
_MD_SIGNS = re.compile(r"^\s{0,3}#{1,6}\s+\S|\*\*[^*\n]+\*\*|\]\(https?://|<https?://[^>\s]+>", re.M)
_DATE_LINE = re.compile(r"^[^\W\d][\w .]{1,30}:\s*\**\s*(\d{4})-(\d{2})-(\d{2})\s*\**\s*$", re.M)
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


def looks_markdown(text: str) -> bool:
    """A plain-text file that uses Markdown headings, bold or links (seed 002 is such a file)."""
    return len(_MD_SIGNS.findall(text[:20000])) >= 2


def markdown_to_text(md: str) -> str:
    """Strip Markdown markup, keeping every word and every URL (link targets become ``text (url)``)."""
    text = _HEADING.sub(lambda m: m.group(2), md)
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    for _ in range(2):  # nested emphasis such as ## **Title**
        text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), text)
    text = _ESCAPE.sub(lambda m: m.group(1), text)
    text = re.sub(r"^\s*(---+|\*\*\*+)\s*$", "", text, flags=re.M)
    return text


def _clean(text: str) -> str:
    """NFC and LF line ends only, so offsets stay those of the original file (minus CRs)."""
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= 200 else None
    return None


def _date_from_lines(text: str) -> date | None:
    m = _DATE_LINE.search("\n".join(text.splitlines()[:12]))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def read_text(data: bytes, fmt: str = "text") -> Extracted:
    """Plain text or Markdown (markup stripped); title from the first heading or first short line."""
    try:
        decoded = decode(data)
    except DecodeError as exc:
        raise ReadError(str(exc)) from exc
    raw = decoded.text
    if fmt == "text" and looks_markdown(raw):
        fmt = "markdown"
    title = None
    if fmt == "markdown":
        heading = _HEADING.search(raw)
        text = markdown_to_text(raw)
        title = markdown_to_text(heading.group(2)).strip() if heading else None
    else:
        text = raw
    text = _clean(text)
    if not text.strip():
        raise ReadError("no text (empty or whitespace only)")
    return Extracted(
        text=text,
        format=fmt,
        title=title or _first_line_title(text),
        published=_date_from_lines(text),
        meta={"encoding": decoded.encoding},
    )


def _parse_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def read_html(data: bytes) -> Extracted:
    """Main text and metadata of an HTML page via trafilatura (``pip install dyadwatch[html]``)."""
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ReadError("HTML support needs trafilatura: pip install 'dyadwatch[html]'") from exc
    try:
        html = decode(data).text
    except DecodeError as exc:
        raise ReadError(str(exc)) from exc
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
    if doc is None:
        raise ReadError("HTML page has no extractable main text")
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (d.get("text") or "").strip()
    if not body:
        raise ReadError("HTML page has no extractable main text")
    text = _clean(re.sub(r"\n+", "\n\n", body)).strip()  # trafilatura separates paragraphs by one newline
    return Extracted(
        text=text,
        format="html",
        title=d.get("title") or _first_line_title(text),
        published=_parse_date(d.get("date")),
        author=d.get("author"),
        url=d.get("url"),
        source=d.get("sitename") or d.get("hostname"),
    )


def read_pdf(data: bytes) -> Extracted:
    """Text of every page via PyMuPDF (``pip install dyadwatch[pdf]``); pages joined by blank lines."""
    try:
        import pymupdf
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ReadError("PDF support needs PyMuPDF: pip install 'dyadwatch[pdf]'") from exc
    try:
        with pymupdf.open(stream=data, filetype="pdf") as pdf:
            if pdf.needs_pass:
                raise ReadError("PDF is encrypted (password required)")
            pages = [page.get_text("text") for page in pdf]
            meta = {k: v for k, v in (pdf.metadata or {}).items() if v}
    except ReadError:
        raise
    except Exception as exc:  # PyMuPDF raises its own FileDataError and friends
        raise ReadError(f"corrupt or unreadable PDF: {exc}") from exc
    text = _clean("\n\n".join(p.strip() for p in pages)).strip()
    if not text:
        raise ReadError(f"PDF has no text layer ({len(pages)} page(s); scanned images need OCR)")
    published = None
    created = meta.get("creationDate", "")
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", created)
    if m:
        published = _parse_date(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
    return Extracted(
        text=text,
        format="pdf",
        title=meta.get("title") or _first_line_title(text),
        published=published,
        author=meta.get("author"),
        meta={"pages": str(len(pages))},
    )
