"""Read report files (.txt, .pdf, .docx) into text, detecting encodings.

Every failure a user can cause raises :class:`LoadError` with a one-line reason; the caller prints
``path: reason`` and goes on with the other files.
"""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = {".txt", ".text", ".md", ".pdf", ".docx"}


class LoadError(Exception):
    """A report file that cannot be read; ``str(err)`` is the one-line reason."""


@dataclass(frozen=True)
class Document:
    """One report as text: ``source`` is the file name used as the report's identifier."""

    source: str
    path: str
    text: str
    encoding: str


def discover(paths: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders into report files; return (files, [(path, reason)]) for bad paths."""
    files: list[Path] = []
    errors: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            errors.append((raw, "no such file or directory"))
        elif p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)
            if not found:
                errors.append((raw, "folder holds no .txt, .pdf or .docx files"))
            files.extend(found)
        elif p.suffix.lower() not in SUPPORTED:
            errors.append((raw, f"unsupported file type '{p.suffix or '(none)'}' (use .txt, .pdf or .docx)"))
        else:
            files.append(p)
    return files, errors


def load(path: str | Path) -> Document:
    """Read one report file; raise LoadError with a one-line reason when it cannot be used."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix == ".pdf":
            text, enc = _read_pdf(p), "pdf"
        elif suffix == ".docx":
            text, enc = _read_docx(p), "docx"
        else:
            text, enc = decode_bytes(_read_bytes(p))
    except LoadError:
        raise
    except PermissionError:
        raise LoadError("permission denied") from None
    except IsADirectoryError:
        raise LoadError("is a directory") from None
    except FileNotFoundError:
        raise LoadError("no such file or directory") from None
    except MemoryError:
        raise LoadError("file too large to read into memory") from None
    if not text.strip():
        raise LoadError("no text found (empty document)")
    return Document(source=p.name, path=str(p), text=text, encoding=enc)


def _read_bytes(p: Path) -> bytes:
    data = p.read_bytes()
    if not data.strip():
        raise LoadError("empty file")
    return data


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode report bytes: BOMs first, strict UTF-8 next, then charset-normalizer (GB18030, UTF-16...)."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    elif _looks_utf16(data):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return _strict(data, enc), enc
    else:
        raise LoadError("binary file, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000], cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is None:
        raise LoadError("binary file, not text (no text encoding fits)")
    enc = best.encoding
    if enc in {"gbk", "gb2312", "cp936"}:
        enc = "gb18030"
    text = _strict(data, enc)
    if _control_ratio(text) > 0.02:
        raise LoadError("binary file, not text")
    return text, enc


def _strict(data: bytes, enc: str) -> str:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError) as e:
        raise LoadError(f"cannot decode as {enc} ({e.reason if hasattr(e, 'reason') else e})") from None


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    # ASCII-heavy UTF-16 has zeros in one byte lane; CJK UTF-16 rarely has NULs, so try decoding.
    if max(zeros_even, zeros_odd) > 0.3 * half and min(zeros_even, zeros_odd) < 0.05 * half:
        return True
    try:
        sample[: len(sample) // 2 * 2].decode("utf-16-le")
        return _control_ratio(sample[: len(sample) // 2 * 2].decode("utf-16-le")) < 0.01
    except UnicodeDecodeError:
        return False


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t\f") or ch == "\ufffd")
    return bad / len(sample)


def _read_pdf(p: Path) -> str:
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    if os.path.getsize(p) == 0:
        raise LoadError("empty file")
    try:
        with pdfplumber.open(p) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except PermissionError:
        raise
    except Exception as e:  # pdfminer raises many types for broken files
        raise LoadError(f"not a readable PDF ({type(e).__name__})") from None
    if not "".join(pages).strip():
        raise LoadError("no text layer — OCR it first")
    # A page break ends a line, like the page markers of the text exports.
    return "\n".join(pages)


def _read_docx(p: Path) -> str:
    import zipfile

    import docx

    try:
        d = docx.Document(str(p))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise LoadError(f"not a readable .docx ({type(e).__name__})") from None
    lines = [para.text for para in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)
