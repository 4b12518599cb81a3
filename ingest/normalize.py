"""Repair PDF-extracted text and keep a map from every normalised character back to the original.

* lines broken inside sentences and words are joined (also across blank lines and page markers);
* page markers (``- 17 -``) and markdown ``**`` are dropped;
* a paragraph break (one ``\\n``) is kept after sentence-final punctuation, before and after headings;
* ``fold`` is a same-length copy with full-width digits, letters and punctuation folded to ASCII for matching.

The map is stored as runs (normalised start, original start, length), so it costs a few integers per line.

A long report is normalised in blocks (:func:`split_blocks` cuts the original text after paragraph-ending
lines, where normalisation breaks the paragraph anyway): ``normalize(block, offset)`` maps into the
whole report, so evidence offsets stay right.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .amounts import read_number
from .patterns import quantity_patterns

PAGE_MARKER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$")
HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、．](?![\d.])|"
    r"[（(]\d{1,2}[）)]|[①-⑳]|第[一二三四五六七八九十]{1,3}[章节部分])"
)
#: A line ending with one of these closes its paragraph.
PARA_END = "。！？；：:;!?"
HEADING_MAX = 30
TITLE_END = ("报告", "报告书", "自评表")  # a title line ends its paragraph
MARKUP = re.compile(r"\*\*|__")

_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0xFE6A: 0x25, 0x2014: 0x2014})


def fold(text: str) -> str:
    """Full-width ASCII forms and odd spaces -> ASCII; the result has the same length."""
    return text.translate(_FOLD)


@dataclass
class Normalized:
    """Joined text, its folded twin and the run-length map back into ``original``."""

    original: str
    text: str
    fold: str
    runs: list[tuple[int, int, int]] = field(default_factory=list)  # (norm_start, orig_start, length)
    breaks: list[int] = field(default_factory=list)  # offsets where markup was removed: name boundaries
    #: where ``original`` starts in the whole report; ``to_orig``/``span`` give whole-report offsets
    offset: int = 0
    #: (normalised start, end) of every sentence longer than PIECE_CHARS that :meth:`paragraphs` cut
    cut_sentences: list[tuple[int, int]] = field(default_factory=list)

    def to_orig(self, i: int) -> int:
        """Original offset of normalised character ``i``."""
        if not self.runs:
            return self.offset
        k = bisect_right(self._starts, i) - 1
        ns, os_, ln = self.runs[max(k, 0)]
        return os_ + min(max(i - ns, 0), ln - 1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) covering normalised [start, end)."""
        if end <= start:
            o = self.to_orig(start)
            return o, o
        return self.to_orig(start), self.to_orig(end - 1) + 1

    @cached_property
    def _starts(self) -> list[int]:  # runs are complete when a Normalized is made
        return [r[0] for r in self.runs]

    @cached_property
    def _orig_starts(self) -> list[int]:  # runs keep the original order too
        return [r[1] for r in self.runs]

    def from_orig(self, o: int) -> int | None:
        """The normalised offset of original offset ``o`` (None when that character was dropped)."""
        k = bisect_right(self._orig_starts, o) - 1
        if k < 0:
            return None
        ns, os_, ln = self.runs[k]
        return ns + (o - os_) if o < os_ + ln else None

    def norm_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The normalised span of original ``[start, end)`` (None when it was dropped)."""
        a, b = self.from_orig(start), self.from_orig(max(start, end - 1))
        return (a, b + 1) if a is not None and b is not None else None

    def paragraphs(self) -> list[tuple[int, int]]:
        """(start, end) of every non-empty paragraph in the normalised text; a paragraph longer than
        PIECE_CHARS comes in pieces (see :func:`piece_end`), and the sentences cut are in ``cut_sentences``."""
        out, start = [], 0
        self.cut_sentences = []
        for m in re.finditer(r"\n", self.text):
            if m.start() > start:
                out.extend(self._pieces(start, m.start()))
            start = m.end()
        if start < len(self.text):
            out.extend(self._pieces(start, len(self.text)))
        return out

    def _pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        pieces = []
        sentence_start = start
        cut_one = False  # the sentence that starts at sentence_start was cut
        while end - start > PIECE_CHARS:
            # a cut that is no sentence end aims at equal pieces: no short last piece, whose sentence end
            # (等企业…万元) would lose the list before it
            share = -(-(end - start) // -(-(end - start) // PIECE_CHARS))
            cut, at_sentence_end = piece_end(self.text, start, start + PIECE_CHARS, start + share)
            if at_sentence_end:
                if cut_one:
                    self.cut_sentences.append((sentence_start, cut))
                sentence_start, cut_one = cut, False
            else:
                cut_one = True
            pieces.append((start, cut))
            start = cut
        if cut_one:  # the cut sentence ends at the first sentence end of the last piece, or with the paragraph
            ends = [i for i in (self.text.find(ch, start, end) for ch in SENTENCE_ENDS) if i >= 0]
            self.cut_sentences.append((sentence_start, min(ends) + 1 if ends else end))
        pieces.append((start, end))
        return pieces


def is_heading(line: str) -> bool:
    """A short numbered line such as ``（二）履职效能分析`` or ``2.机构设置情况``."""
    s = line.strip()
    # a wrapped paragraph's first line also starts with "2." but carries sentence punctuation
    return bool(HEADING.match(s)) and len(s) <= HEADING_MAX and not any(p in s for p in "。，,；;")


def normalize(original: str, offset: int = 0, layout=None) -> Normalized:
    """Join broken lines, drop page markers and markup, and keep the offset map.

    ``offset`` is where ``original`` starts in the whole report (a block of a long report). With a
    ``layout`` (ingest.document.Layout of the same text), its chrome lines are dropped and its metadata
    and table lines stay paragraphs of their own.
    """
    dropped = layout.dropped() if layout is not None else set()
    isolated = layout.isolated() if layout is not None else set()
    joined = layout.joined if layout is not None else set()
    prev_isolated = False
    out: list[str] = []
    runs: list[tuple[int, int, int]] = []
    breaks: list[int] = []
    pos = 0  # length of normalised text so far
    prev_line: str | None = None
    prev_end = 0  # original offset just after the previous kept line

    for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", original):
        raw = m.group(0).rstrip("\r\n")
        if not raw and m.start() == len(original):
            break
        if not raw.strip() or PAGE_MARKER.match(raw):
            continue
        lstart_all = m.start() + (len(raw) - len(raw.lstrip())) + offset
        if lstart_all in dropped:
            continue
        alone = lstart_all in isolated
        lstart = m.start() + (len(raw) - len(raw.lstrip()))
        line = raw.strip()
        pieces, marked_end = _pieces(line, lstart)
        clean = "".join(t for _, t, _ in pieces)
        if not clean.strip():
            continue
        if prev_line is not None:
            sep = "" if lstart_all in joined else "\n" if alone or prev_isolated else _separator(prev_line, clean)
            if sep:
                out.append(sep)
                runs.append((pos, prev_end + offset, 1))
                pos += 1
        for ostart, t, marked in pieces:
            if marked:
                breaks.append(pos)  # markup stood here: **滨江新区**某某科技… keeps a name boundary
            out.append(t)
            runs.append((pos, ostart + offset, len(t)))
            pos += len(t)
        if marked_end:
            breaks.append(pos)
        prev_line = clean
        prev_end = lstart + len(line)
        prev_isolated = alone
    text = "".join(out)
    return Normalized(original=original, text=text, fold=fold(text), runs=runs, breaks=breaks, offset=offset)


def _pieces(line: str, lstart: int) -> tuple[list[tuple[int, str, bool]], bool]:
    """The pieces of a stripped line between what normalisation drops, each with its original offset and
    whether markup (``**``) stood before it; and whether markup ends the line.

    Dropped: markup (a name boundary), invisible characters (zero-width space and joiner, word joiner,
    BOM, soft hyphen … — no boundary: 某某\u200d科技有限公司 is one name) and the white space inside a
    number whose digit groups it separates (``1 000`` -> ``1000``, ``6 ,308.95`` -> ``6,308.95``), so that
    every later pattern reads the number whole.
    """
    pieces: list[tuple[int, str, bool]] = []
    cursor, marked = 0, False
    for start, end, markup in _drops(line):
        if start > cursor:
            pieces.append((lstart + cursor, line[cursor:start], marked))
            marked = False
        marked = marked or markup
        cursor = max(cursor, end)
    if cursor < len(line):
        pieces.append((lstart + cursor, line[cursor:], marked))
        marked = False
    return pieces, marked


def _drops(line: str) -> list[tuple[int, int, bool]]:
    """(start, end, is markup) of everything :func:`_pieces` leaves out of a line, in order."""
    drops = [(m.start(), m.end(), True) for m in MARKUP.finditer(line)]
    drops += [(m.start(), m.end(), False) for m in _invisible_rx().finditer(line)]
    for m in _number_rx().finditer(line):
        run = m.group(0)
        if any(ch.isspace() for ch in run) and read_number(run)[0] is not None:
            drops += [(m.start() + i, m.start() + i + 1, False) for i, ch in enumerate(run) if ch.isspace()]
    return sorted(drops)


@lru_cache(maxsize=1)
def _invisible_rx() -> re.Pattern:
    return re.compile(f"[{re.escape(quantity_patterns().invisible)}]+")


def _number_rx() -> re.Pattern:
    return quantity_patterns().run


#: The most characters handed to the segmenter at once. A longer paragraph is read in pieces, cut after a
#: sentence end if one is in reach, else inside the sentence (after a comma, at white space, or anywhere
#: but inside a number or a Latin word). spaCy's alignment of jieba's words costs the square of a text's
#: length (120,000 characters without punctuation took 35 s): pieces keep it linear.
PIECE_CHARS = 5_000
SENTENCE_ENDS = "。！？!?"
_CLAUSE_ENDS = "；;，,、：:"
_GLUED = re.compile(r"[0-9A-Za-z.,%'\-]")


def piece_end(text: str, start: int, limit: int, target: int | None = None) -> tuple[int, bool]:
    """Where a piece of ``text`` that starts at ``start`` ends, at most at ``limit``, and whether it ends
    after a sentence end (else a sentence was cut). A sentence end is looked for up to ``limit``; any other
    cut as near as it can be before ``target`` (at most ``limit``)."""
    floor = start + 1
    best = max(text.rfind(ch, floor, limit) for ch in SENTENCE_ENDS)
    if best >= floor:
        return best + 1, True
    aim = min(limit, target) if target is not None and target > floor else limit
    for chars in (_CLAUSE_ENDS, " \t\u3000"):
        for reach in dict.fromkeys((aim, limit)):  # before the aim if it can be, else up to the limit
            best = max((i for i in (text.rfind(ch, floor, reach) for ch in chars)
                        if i >= floor and not (text[i - 1].isdigit() and text[i + 1:i + 2].isdigit())), default=-1)
            if best >= floor:
                return best + 1, False
    limit = cut = aim
    while cut > floor and _GLUED.match(text[cut - 1]) and _GLUED.match(text[cut]):
        cut -= 1  # never inside 1,234.5 or a Latin word
    return (cut if cut > floor else limit), False


#: Characters per block when a long report is normalised and parsed piece by piece.
BLOCK_CHARS = 200_000
#: A line that ends a paragraph for :func:`normalize` (sentence end, optional markup, spaces, newline).
_PARA_CUT = re.compile(r"[。！？；：:;!?](?:\*\*|__)?[ \t\u3000]*(?:\r\n?|\n)")
_LINE_END = re.compile(r"\r\n?|\n")
_SENTENCE_END = re.compile(r"[。！？；!?;]")


def split_blocks(pieces: Iterable[str], size: int = BLOCK_CHARS) -> Iterator[tuple[int, str]]:
    """Cut a text, given as a stream of pieces, into (offset, block) of ``size`` to ``2 * size`` characters.

    A block ends after a line that closes its paragraph (so normalising block by block gives the same
    text as normalising the whole). Without one in reach, it ends at the first line break or sentence end
    after ``size`` characters, else at ``size``: no paragraph handed to spaCy is longer than ``2 * size``
    (its tokenizer's cost grows with the square of a text's length). Memory stays at a few blocks
    whatever the text's length.
    """
    size = max(1, size)
    buf, offset = "", 0
    for piece in pieces:
        buf = buf + piece if buf else piece
        while len(buf) >= size:
            cut = _cut(buf, size, final=False)
            if cut is None:
                break
            yield offset, buf[:cut]
            offset += cut
            buf = buf[cut:]
    while buf:
        cut = _cut(buf, size, final=True) if len(buf) > size else len(buf)
        yield offset, buf[:cut]
        offset += cut
        buf = buf[cut:]


def _cut(buf: str, size: int, final: bool) -> int | None:
    """Where to end the next block of ``buf``; None: wait for more text."""
    limit = 2 * size
    m = _PARA_CUT.search(buf, size - 1, limit)
    if m:
        return m.end()
    if len(buf) < limit and not final:
        return None
    ends = [m.end() for m in (rx.search(buf, size - 1, limit) for rx in (_LINE_END, _SENTENCE_END)) if m]
    return min(ends) if ends else size


def _separator(prev: str, cur: str) -> str:
    """What goes between two kept lines: a paragraph break, a space, or nothing (a broken line)."""
    if prev[-1] in PARA_END or is_heading(prev) or is_heading(cur) or HEADING.match(cur) or prev.endswith(TITLE_END):
        return "\n"
    if prev[-1].isascii() and prev[-1].isalpha() and cur[0].isascii() and cur[0].isalpha():
        return " "
    return ""
