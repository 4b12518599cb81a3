"""PDF pages -> text, with tables kept as tables and the start of every page known.

pdfplumber's table finder gives each ruled table on a page (``Page.find_tables``); the words inside a table
are taken out of the page's text lines and the table is put back at its place as one pipe row per table
row (``a | b | c |``), the form ingest/tables.py reads for text files. So a PDF table and the same table
typed into a ``.txt`` give the same rows, and every cell keeps an offset in the text the evidence points
into. ``page_starts`` lists where each page's text begins (evidence reports its page from it).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PdfText:
    """The text of a PDF (pages joined by line breaks), where each page starts, and the pages left empty."""

    text: str
    page_starts: tuple[int, ...]
    empty_pages: tuple[int, ...]  # 1-based numbers of pages without a text layer
    images: int  # images on the empty pages (a scan)


def _inside(obj: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "｜")


def page_text(page) -> str:
    """One page's text: its lines top to bottom, each ruled table as pipe rows where it stands."""
    tables = page.find_tables()
    if not tables:
        return page.extract_text() or ""
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not any(_inside(obj, b) for b in boxes))
    items: list[tuple[float, str]] = [(ln["top"], ln["text"]) for ln in outside.extract_text_lines()]
    for t in tables:
        top = t.bbox[1]
        for n, row in enumerate(t.extract()):
            cells = [_cell(c) for c in row]
            if any(cells):
                items.append((top + n * 0.001, " | ".join(cells) + " |"))
    items.sort(key=lambda x: x[0])
    return "\n".join(text for _, text in items)


def read_pdf(path) -> PdfText:
    """Every page's text (tables as pipe rows); pages are closed as soon as they are read."""
    import pdfplumber

    parts: list[str] = []
    starts: list[int] = []
    empty: list[int] = []
    images = 0
    pos = 0
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            text = page_text(page)
            if not text.strip():
                empty.append(number)
                images += len(page.images)
            starts.append(pos)
            parts.append(text)
            pos += len(text) + 1  # a page break ends a line
            page.close()  # drop the page's parsed objects: memory stays bounded on long PDFs
    return PdfText("\n".join(parts), tuple(starts), tuple(empty), images)
