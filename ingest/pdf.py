"""PDF pages -> text, with tables kept as tables and the start of every page known.

pdfplumber's table finder gives each ruled table on a page (``Page.find_tables``); the words inside a table
are taken out of the page's text lines and the table is put back at its place as one pipe row per table
row (``a | b | c |``), the form ingest/tables.py reads for text files. So a PDF table and the same table
typed into a ``.txt`` give the same rows, and every cell keeps an offset in the text the evidence points
into. ``page_starts`` lists where each page's text begins (evidence reports its page from it).

Bounds: pdfplumber keeps an object per character, so a page whose drawing instructions are larger than
``LAYOUT_PAGE_BYTES`` (one page of a 2,000,000-character line: 8.6 MB; a dense report page: tens of KB) is
read as plain text by pdfminer's interpreter, without layout or tables, in memory that does not grow with
the page; a page whose instructions inflate beyond ``MAX_PAGE_BYTES`` is skipped. Both say so in a warning.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

#: Drawing instructions (decoded) above which a page is read as plain text instead of laid out.
LAYOUT_PAGE_BYTES = 256 << 10
#: Drawing instructions above which a page is not read at all.
MAX_PAGE_BYTES = 32 << 20


@dataclass(frozen=True)
class PdfText:
    """The text of a PDF (pages joined by line breaks), where each page starts, and the pages left empty."""

    text: str
    page_starts: tuple[int, ...]
    empty_pages: tuple[int, ...]  # 1-based numbers of pages without a text layer
    images: int  # images on the empty pages (a scan)
    warnings: tuple[str, ...] = field(default=())


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
    plain: list[int] = []
    skipped: list[int] = []
    images = 0
    pos = 0
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            size = content_bytes(page.page_obj, MAX_PAGE_BYTES + 1)
            if size > MAX_PAGE_BYTES:
                text = ""
                skipped.append(number)
            elif size > LAYOUT_PAGE_BYTES:
                text = plain_text(page.page_obj)
                plain.append(number)
            else:
                text = page_text(page)
            if not text.strip() and number not in skipped:
                empty.append(number)
                images += len(page.images)
            starts.append(pos)
            parts.append(text)
            pos += len(text) + 1  # a page break ends a line
            page.close()  # drop the page's parsed objects: memory stays bounded on long PDFs
    warnings = []
    if plain:
        warnings.append(f"page(s) {_pages(plain)} hold more than {LAYOUT_PAGE_BYTES >> 10} KB of drawing instructions: "
                        "read as plain text, without layout or tables")
    if skipped:
        warnings.append(f"page(s) {_pages(skipped)} hold more than {MAX_PAGE_BYTES >> 20} MB of drawing instructions: "
                        "not read")
    return PdfText("\n".join(parts), tuple(starts), tuple(empty), images, tuple(warnings))


def _pages(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:10])) + (" …" if len(numbers) > 10 else "")


def content_bytes(page, limit: int) -> int:
    """The size of a page's decoded drawing instructions, counted only up to ``limit`` (a stream that
    inflates without end is not inflated beyond it)."""
    from pdfminer.pdftypes import resolve1

    total = 0
    for ref in page.contents or ():
        total += _stream_size(resolve1(ref), max(0, limit - total) + 1)
        if total > limit:
            break
    return total


def _stream_size(stream, limit: int) -> int:
    """Decoded size of one stream, at most ``limit`` + a little: a Flate stream (after ASCII85 or ASCIIHex
    decoding, which never inflate) is inflated only that far; other filters are decoded whole."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    filters = [getattr(f, "name", f) for f, _ in stream.get_filters()] if hasattr(stream, "get_filters") else []
    ascii = {"ASCII85Decode": ascii85decode, "A85": ascii85decode, "ASCIIHexDecode": asciihexdecode,
             "AHx": asciihexdecode}
    if not filters or filters[-1] not in ("FlateDecode", "Fl") or any(f not in ascii for f in filters[:-1]):
        return len(stream.get_data() if hasattr(stream, "get_data") else b"")
    data = stream.rawdata or b""
    try:
        for f in filters[:-1]:
            data = ascii[f](data)
        return len(zlib.decompressobj().decompress(data, limit))
    except (zlib.error, ValueError):
        return len(data)


#: The tokens of a content stream that matter for its text: strings (literal, one level of nested
#: parentheses, or hex), names, array brackets, numbers and operators.
_TOKEN = re.compile(rb"""\((?:[^\\()]++|\\.|\((?:[^\\()]++|\\.)*+\))*+\)|<[0-9A-Fa-f\s]*+>|/[^\s/\[\]()<>{}%]*+"""
                    rb"""|\[|\]|[-+]?[\d.]++|[A-Za-z'"*]++|%[^\r\n]*+""", re.S)  # possessive: no backtracking
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\r\n]|.)", re.S)


def _literal(token: bytes) -> bytes:
    def unescape(m: re.Match) -> bytes:
        e = m.group(1)
        if e[:1].isdigit():
            return bytes([int(e, 8) & 0xFF])
        return b"" if e in (b"\r\n", b"\r", b"\n") else _ESCAPES.get(e, e)

    return _ESCAPE.sub(unescape, token[1:-1])


def plain_text(page) -> str:
    """A page's text as its strings are drawn, read by scanning the drawing instructions for the text
    operators (Tf, Tj, TJ, ', "): no object per character, and time linear in the page's size (pdfminer's
    parser grows a long string byte by byte: one line of 2,000,000 characters took minutes)."""
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdftypes import resolve1

    rsrc = PDFResourceManager()
    fonts_spec = resolve1((resolve1(page.resources) or {}).get("Font")) or {}
    fonts: dict[bytes, object] = {}
    font = None
    parts: list[str] = []
    operands: list = []
    data = b"".join(resolve1(ref).get_data() for ref in (page.contents or ()))
    for m in _TOKEN.finditer(data):
        tok = m.group(0)
        first = tok[:1]
        if first in (b"(", b"<", b"/", b"[", b"]") or first.isdigit() or first in b"+-.":
            operands.append(tok)
            continue
        if first == b"%":
            continue
        if tok == b"Tf" and len(operands) >= 2 and operands[-2].startswith(b"/"):
            name = operands[-2][1:]
            if name not in fonts:
                spec = resolve1(fonts_spec.get(name.decode("latin-1")))
                fonts[name] = rsrc.get_font(None, spec) if isinstance(spec, dict) else None
            font = fonts[name]
        elif tok in (b"Tj", b"'", b'"', b"TJ") and font is not None:
            parts.append("".join(_decoded(font, t) for t in operands if t[:1] in (b"(", b"<")))
        elif tok == b"ET":
            parts.append("\n")
        operands = []
    return "".join(parts).strip("\n")


def _decoded(font, token: bytes) -> str:
    raw = _literal(token) if token[:1] == b"(" else bytes.fromhex(token[1:-1].decode("ascii", "replace")
                                                                  .replace(" ", "") + "0" * (len(token) % 2))
    pieces: list[str] = []
    out: list[str] = []
    for cid in font.decode(raw):
        try:
            out.append(font.to_unichr(cid))
        except Exception:  # noqa: BLE001 - a glyph without a Unicode value
            continue
        if len(out) >= 4096:  # joined as it goes: a string of 2,000,000 glyphs never becomes 2,000,000 objects
            pieces.append("".join(out))
            out = []
    pieces.append("".join(out))
    return "".join(pieces)
