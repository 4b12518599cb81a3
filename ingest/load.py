"""Read report files (.txt, .pdf, .docx) into text, detecting encodings.

Every failure a user can cause raises :class:`LoadError` with a one-line reason; the caller prints
``path: reason`` and goes on with the other files. The reasons are listed in docs/ERRORS.md.

Text files above :data:`STREAM_BYTES` are not read into memory: :func:`load` checks the whole file in
one streaming pass (encoding, emptiness) and :meth:`Document.blocks` reads it again in paragraph blocks,
so a 50 MB file costs a few MB of memory. Small files keep the old whole-text path.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

SUPPORTED = {".txt", ".text", ".md", ".pdf", ".docx"}
#: Text files larger than this are streamed (never held in memory whole).
STREAM_BYTES = 4 * 1024 * 1024
#: Bytes read at a time when streaming.
READ_CHUNK = 1024 * 1024
#: Bytes looked at to detect a streamed file's encoding.
SNIFF_BYTES = 1024 * 1024
#: The most one part of a .docx (word/document.xml …) may inflate to, and all parts together: python-docx
#: parses a part whole (a 2 MB file whose XML inflated to 1.3 GB took over 6 GB). A 300-page report's
#: document.xml is about 10–20 MB.
DOCX_PART_BYTES = 32 * 1024 * 1024
DOCX_TOTAL_BYTES = 256 * 1024 * 1024


class LoadError(Exception):
    """A report file that cannot be read; ``str(err)`` is the one-line reason."""

    def __init__(self, reason: str):
        super().__init__(" ".join(str(reason).split()))


class Document:
    """One report as text: ``source`` is the file name used as the report's identifier.

    ``Document(source, path, text, encoding)`` holds the text in memory. A streamed document (made by
    :func:`load` for a large text file) holds no text: :meth:`blocks` reads it from ``path`` piece by
    piece, and ``text`` reads it whole only when asked.
    """

    __slots__ = ("source", "path", "encoding", "warnings", "pages", "_text", "_chars")

    def __init__(self, source: str, path: str, text: str | None = None, encoding: str = "utf-8", *,
                 chars: int | None = None, warnings: tuple[str, ...] = (), pages: tuple[int, ...] = ()):
        if text is None and chars is None:
            raise ValueError("Document needs text, or chars for a streamed file")
        self.source = source
        self.path = path
        self.encoding = encoding
        self.warnings = tuple(warnings)
        self.pages = tuple(pages)  # offsets where each page's text starts (PDF, DOCX with page breaks)
        self._text = text
        self._chars = len(text) if text is not None else chars

    @property
    def streamed(self) -> bool:
        """True when the text stays on disk and is read block by block."""
        return self._text is None

    @property
    def chars(self) -> int:
        """Number of characters of the whole text."""
        return self._chars  # type: ignore[return-value]

    @property
    def text(self) -> str:
        """The whole text (read from disk for a streamed document: prefer :meth:`blocks`)."""
        if self._text is not None:
            return self._text
        return "".join(_iter_text(Path(self.path), self.encoding))

    def blocks(self, size: int | None = None) -> Iterator[tuple[int, str]]:
        """(offset, text) pieces of whole paragraphs, about ``size`` characters each, covering the text."""
        from .normalize import BLOCK_CHARS, split_blocks

        pieces = [self._text] if self._text is not None else _iter_text(Path(self.path), self.encoding)
        return split_blocks(pieces, size or BLOCK_CHARS)

    def __repr__(self) -> str:
        return f"Document(source={self.source!r}, chars={self.chars}, encoding={self.encoding!r})"


# -- finding files --------------------------------------------------------------------------------

def discover(paths: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders into report files; return (files, [(path, reason)]) for bad paths.

    A file named twice is read once. Two files with the same name are both read: a report is identified
    by its bytes, not its name (``kg.catalog``).
    """
    files: list[Path] = []
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()  # resolved paths

    for raw in paths:
        try:
            found, reason = _expand(raw)
        except OSError as e:  # e.g. a parent folder that cannot be searched
            found, reason = [], _os_reason(e)
        if reason:
            errors.append((raw, reason))
        for f, _ in found:
            try:
                key = str(f.resolve())
            except (OSError, RuntimeError):
                key = str(f.absolute())
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, errors


def _expand(raw: str) -> tuple[list[tuple[Path, str]], str | None]:
    """The report files a path names, each with the name to show for it, or the reason it names none."""
    p = Path(raw)
    if not p.exists():
        return [], "broken symbolic link" if p.is_symlink() else "no such file or directory"
    if p.is_dir():
        if not os.access(p, os.R_OK | os.X_OK):
            return [], "permission denied (folder)"
        found = sorted(f for f in p.rglob("*") if _wanted(f, p))
        return [(f, str(f)) for f in found], None if found else "folder holds no .txt, .pdf or .docx files"
    if p.suffix.lower() not in SUPPORTED:
        return [], f"unsupported file type '{p.suffix or '(none)'}' (use .txt, .pdf or .docx)"
    return [(p, raw)], None


def _wanted(f: Path, root: Path) -> bool:
    """Report files inside a folder: supported suffix, not hidden, not an Office lock file (~$x.docx)."""
    if f.suffix.lower() not in SUPPORTED or f.name.startswith(("~$", ".")):
        return False
    if any(part.startswith(".") for part in f.relative_to(root).parts[:-1]):
        return False
    try:
        return f.is_file()
    except OSError:
        return True  # let load() name the problem


# -- loading --------------------------------------------------------------------------------------

def load(path: str | Path) -> Document:
    """Read one report file; raise LoadError with a one-line reason when it cannot be used."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        st = os.stat(p)
        if stat.S_ISDIR(st.st_mode):
            raise LoadError("is a directory")
        if not stat.S_ISREG(st.st_mode):
            # opening a FIFO would wait for a writer forever; devices and sockets are not reports
            raise LoadError("not a regular file (a pipe, socket or device)")
        if st.st_size == 0:
            raise LoadError("empty file (0 bytes)")
        with open(p, "rb") as fh:
            head = fh.read(8)
        kind = _sniff(head)
        pages: tuple[int, ...] = ()
        if suffix == ".pdf" or kind == "pdf":
            text, enc, warnings, pages = _read_pdf(p, head)
        elif suffix == ".docx" or (kind == "zip" and _is_docx(p)):
            text, pages = _read_docx(p)
            enc, warnings = "docx", ()
        elif kind == "zip":
            raise LoadError("binary file, not text (a zip archive)")
        elif st.st_size > STREAM_BYTES:
            return _load_streamed(p, st.st_size)
        else:
            text, enc = decode_bytes(_read_bytes(p))
            warnings = ()
    except LoadError:
        raise
    except OSError as e:
        raise LoadError(_os_reason(e)) from None
    except MemoryError:
        raise LoadError("file too large to read into memory") from None
    if not text.strip():
        raise LoadError("no text found (empty document)")
    return Document(source=p.name, path=str(p), text=text, encoding=enc, warnings=warnings, pages=pages)


def _os_reason(e: OSError) -> str:
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, IsADirectoryError):
        return "is a directory"
    if isinstance(e, FileNotFoundError):
        return "no such file or directory"
    return f"cannot read ({e.strerror or type(e).__name__})"


def _sniff(head: bytes) -> str | None:
    """What the first bytes say the file is, whatever its name: 'pdf', 'zip' (.docx) or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _read_bytes(p: Path) -> bytes:
    data = p.read_bytes()
    if not data:
        raise LoadError("empty file (0 bytes)")
    return data


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode report bytes: BOMs first, strict UTF-8 next, then charset-normalizer (GB18030, UTF-16...)."""
    enc = detect_encoding(data, final=True)
    text = _strict(data, enc)
    if _control_ratio(text) > 0.02:
        raise LoadError("binary file, not text")
    if not text.strip():
        raise LoadError("no text (the file holds only white space)")
    return text, enc


def detect_encoding(data: bytes, final: bool = True) -> str:
    """The text encoding of ``data`` (the whole file, or its head when ``final`` is False).

    BOMs first, strict UTF-8 next (charset-normalizer can guess wrong on short Chinese texts), UTF-16
    without a BOM by its NUL bytes, then charset-normalizer limited to GB18030, Big5, UTF-16 and UTF-8.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" not in data:
        if _decodes(data, "utf-8", final):
            return "utf-8"
    elif utf16 := _utf16_guess(data):
        return utf16
    else:
        raise LoadError("binary file, not text")
    from charset_normalizer import from_bytes

    sample = data[:2_000_000]
    if not final:  # end the sample at a line break: no character cut in two
        cut = sample.rfind(b"\n")
        if cut > 0:
            sample = sample[: cut + 1]
    best = from_bytes(sample, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is None:
        raise LoadError("binary file, not text (no text encoding fits)")
    enc = best.encoding
    if enc in {"gbk", "gb2312", "cp936"}:
        enc = "gb18030"
    return enc


def _decodes(data: bytes, enc: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(enc)("strict").decode(data, final)
        return True
    except UnicodeDecodeError:
        return False


def _strict(data: bytes, enc: str) -> str:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError) as e:
        raise LoadError(f"cannot decode as {enc} ({e.reason if hasattr(e, 'reason') else e})") from None


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a BOM: the byte order whose decoding reads as text (CJK, ASCII, punctuation)."""
    sample = data[:8000]
    sample = sample[: len(sample) // 2 * 2]
    best: tuple[float, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = codecs.getincrementaldecoder(enc)("strict").decode(sample, False)
        except UnicodeDecodeError:
            continue
        score = _plausible(text)
        if score > 0.8 and (best is None or score > best[0]):
            best = (score, enc)
    return best[1] if best else None


def _plausible(text: str) -> float:
    """Share of characters a report is made of: ASCII text, CJK ideographs and punctuation."""
    if not text:
        return 0.0
    ok = sum(1 for ch in text if (" " <= ch <= "~") or ch in "\t\n\r\f" or "\u4e00" <= ch <= "\u9fff"
             or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f"
             or "\u3400" <= ch <= "\u4dbf")
    return ok / len(text)


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t\f") or ch == "\ufffd")
    return bad / len(sample)


# -- large text files ------------------------------------------------------------------------------

def _load_streamed(p: Path, size: int) -> Document:
    """Check a large text file in one streaming pass and return a Document that reads it block by block."""
    with open(p, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    enc = detect_encoding(head, final=len(head) >= size)
    chars = 0
    has_text = False
    first = True
    for piece in _iter_text(p, enc):
        if first and piece:
            if _control_ratio(piece) > 0.02:
                raise LoadError("binary file, not text")
            first = False
        chars += len(piece)
        if not has_text and piece.strip():
            has_text = True
    if not has_text:
        raise LoadError("no text (the file holds only white space)")
    return Document(source=p.name, path=str(p), encoding=enc, chars=chars)


def _iter_text(p: Path, enc: str) -> Iterator[str]:
    """The decoded text of ``p`` in pieces of about READ_CHUNK bytes (a BOM is dropped by the codec)."""
    try:
        decoder = codecs.getincrementaldecoder(enc)("strict")
    except LookupError:
        raise LoadError(f"unknown encoding {enc}") from None
    done = 0  # bytes decoded before the current chunk
    try:
        with open(p, "rb") as fh:
            while True:
                chunk = fh.read(READ_CHUNK)
                piece = decoder.decode(chunk, final=not chunk)  # utf-8-sig and utf-16 drop the BOM
                done += len(chunk)
                if piece:
                    yield piece
                if not chunk:
                    return
    except UnicodeDecodeError as e:
        raise LoadError(f"cannot decode as {enc} ({e.reason} near byte {done + e.start})") from None
    except OSError as e:
        raise LoadError(_os_reason(e)) from None


# -- PDF and DOCX ---------------------------------------------------------------------------------

_HTML = re.compile(rb"^\s*(?:<!doctype html|<html|<\?xml|<head|<body)", re.I)


def _read_pdf(p: Path, head: bytes) -> tuple[str, str, tuple[str, ...], tuple[int, ...]]:
    """Text of every page (tables as pipe rows, ingest.pdf), where each page starts; pages without text
    (scans) are named in a warning, a text-less PDF is rejected."""
    import logging

    from .pdf import read_pdf

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    if not head.startswith(b"%PDF-"):
        with open(p, "rb") as fh:
            start = fh.read(1024)
        if _HTML.match(start):
            raise LoadError("not a PDF but a web page (HTML) saved under a .pdf name — download it again")
        if b"%PDF-" not in start:
            raise LoadError("not a PDF file (no %PDF header)")
    size = os.path.getsize(p)
    with open(p, "rb") as fh:
        fh.seek(max(0, size - 2048))
        if b"%%EOF" not in fh.read():
            raise LoadError("truncated PDF (no %%EOF end marker) — download it again")
    try:
        pdf = read_pdf(p)
    except PermissionError:
        raise
    except Exception as e:  # pdfminer raises many types for broken files
        raise LoadError(_pdf_reason(e)) from None
    n = len(pdf.page_starts)
    if not pdf.text.strip():
        if pdf.warnings:  # the only text was on pages too large to read
            raise LoadError(pdf.warnings[-1].replace("page(s)", "no text read: page(s)", 1))
        if pdf.images or not n:
            raise LoadError("no text layer — OCR it first" if pdf.images else "damaged PDF (no pages) — download it again")
        raise LoadError("no text found (empty or damaged PDF: no text layer and no images)")
    warnings = pdf.warnings
    if pdf.empty_pages:
        shown = ", ".join(map(str, pdf.empty_pages[:10])) + (" …" if len(pdf.empty_pages) > 10 else "")
        warnings += (f"page(s) {shown} of {n} have no text layer (scanned?) and were skipped — OCR them",)
    return pdf.text, "pdf", warnings, pdf.page_starts


def _pdf_reason(e: Exception) -> str:
    inner = e.args[0] if type(e).__name__ == "PdfminerException" and e.args else e  # pdfplumber's wrapper
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return "encrypted PDF — remove the password first"
    if name in ("PDFSyntaxError", "PSEOF", "PSSyntaxError", "PDFNoValidXRef"):
        return f"damaged PDF ({name}) — download it again"
    return f"not a readable PDF ({name})"


def _is_docx(p: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(p) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _read_docx(p: Path) -> tuple[str, tuple[int, ...]]:
    """The body in document order (tables as pipe rows where they stand) and the start of every page where
    the file records its page breaks."""
    import zipfile

    import docx

    if not zipfile.is_zipfile(p):
        raise LoadError("not a readable .docx file (not a zip archive; an old .doc? save it as .docx)")
    _check_docx_sizes(p)
    try:
        d = docx.Document(str(p))
    except PermissionError:
        raise
    except Exception as e:  # python-docx / lxml / zipfile raise many types for broken files
        raise LoadError(f"not a readable .docx file ({type(e).__name__})") from None
    lines: list[str] = []
    pages: list[int] = [0]
    pos = 0
    for block in d.iter_inner_content():
        if isinstance(block, docx.table.Table):
            rows = [_docx_row(row) for row in block.rows]
        else:
            if _starts_page(block._p) and pos > pages[-1]:
                pages.append(pos)
            rows = [_paragraph_text(block._p)]
        for row in rows:
            lines.append(row)
            pos += len(row) + 1
    return "\n".join(lines), tuple(pages) if len(pages) > 1 else ()


def _check_docx_sizes(p: Path) -> None:
    """LoadError for a .docx whose parts inflate beyond DOCX_PART_BYTES each or DOCX_TOTAL_BYTES together
    (the sizes the archive declares: a part is never inflated beyond its declared size)."""
    import zipfile

    try:
        with zipfile.ZipFile(p) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise LoadError(f"not a readable .docx file ({type(e).__name__})") from None
    big = max(parts, key=lambda i: i.file_size, default=None)
    if big is not None and big.file_size > DOCX_PART_BYTES:
        raise LoadError(f"{big.filename} inflates to {_size(big.file_size)} (from {_size(big.compress_size)}; a .docx "
                        f"part may have {_size(DOCX_PART_BYTES)}): too large to read")
    total = sum(i.file_size for i in parts)
    if total > DOCX_TOTAL_BYTES:
        raise LoadError(f"the .docx inflates to {_size(total)} (a .docx may have {_size(DOCX_TOTAL_BYTES)}): "
                        "too large to read")


def _size(n: int) -> str:
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


def _docx_row(row) -> str:
    """One table row as ``a | b | c |``; a merged cell (python-docx repeats it) is written once."""
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(cell.text.split()).replace("|", "｜"))
    return " | ".join(cells) + " |"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The run children python-docx turns into text (``Run.text``): breaks, hyphens, tabs, text.
_RUN_TEXT = frozenset(_W + t for t in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))


def _paragraph_text(p) -> str:
    """``Paragraph.text`` of python-docx (runs and hyperlinks' runs, tabs and breaks), read by walking the
    element's children instead of one XPath per paragraph and run (40 s for 280,000 paragraphs)."""
    out = []
    for child in p:
        if child.tag == _W + "r":
            runs = (child,)
        elif child.tag == _W + "hyperlink":
            runs = tuple(r for r in child if r.tag == _W + "r")
        else:
            continue
        for run in runs:
            out.extend(str(e) for e in run if e.tag in _RUN_TEXT)
    return "".join(out)


def _starts_page(p) -> bool:
    """Does this paragraph begin a page (a page break before it, or Word's mark of a rendered break)?"""
    for e in p.iter(_W + "br", _W + "lastRenderedPageBreak", _W + "pageBreakBefore"):
        if e.tag != _W + "br" or e.get(_W + "type") == "page":
            return True
    return False
