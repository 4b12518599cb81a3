"""A normalised report run through spaCy paragraph by paragraph, with sentence and evidence helpers."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .document import Layout, section_paths
from .facts import Evidence
from .normalize import Normalized, is_heading

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: paragraph kinds whose sentences are prose (tables, metadata lines and chrome are read otherwise)
PROSE = frozenset({"text", "title"})


@dataclass(frozen=True)
class Sentence:
    """A sentence of the normalised text: ``start``/``end`` are normalised offsets."""

    start: int
    end: int
    text: str
    fold: str
    para: int


@dataclass
class Parsed:
    """The normalised report, its paragraph Docs and sentences, and its layout (tables, metadata):
    ``kinds[i]`` is paragraph ``i``'s kind (text, title, meta, table), ``sections[i]`` the headings it
    stands under, ``pages`` the original offsets where pages start (PDF, DOCX)."""

    norm: Normalized
    paragraphs: list[tuple[int, int]]
    docs: list[Doc | None]  # None for a table cell or metadata line (not run through spaCy)
    sentences: list[Sentence] = field(default_factory=list)
    layout: Layout | None = None
    kinds: list[str] = field(default_factory=list)
    sections: list[tuple[str, ...]] = field(default_factory=list)
    pages: tuple[int, ...] = ()

    def evidence(self, start: int, end: int, sentence: Sentence | None = None) -> Evidence:
        """Evidence for normalised [start, end): original offsets, the enclosing sentence, the exact text,
        the page."""
        if sentence is not None:
            context = sentence.text
        else:
            first, last = self.sentence_at(start), self.sentence_at(max(start, end - 1))
            context = self.norm.text[first.start:last.end] if first and last else self.norm.text[start:end]
        o_start, o_end = self.norm.span(start, end)
        return Evidence(o_start, o_end, context.strip(), self.norm.text[start:end], self.page_of(o_start))

    def original_evidence(self, start: int, end: int, sentence: str) -> Evidence:
        """Evidence for an original span (a table cell) with the sentence that states it (its row)."""
        return Evidence(start, end, sentence, self.norm.original[start - self.norm.offset:end - self.norm.offset],
                        self.page_of(start))

    def page_of(self, original_offset: int) -> int | None:
        """The 1-based page of an original offset (None for a text without pages)."""
        if not self.pages:
            return None
        return bisect_right(self.pages, original_offset)

    def prose(self) -> list[Sentence]:
        """The sentences of prose paragraphs (not of tables or metadata lines)."""
        if not self.kinds:
            return self.sentences
        return [s for s in self.sentences if self.kinds[s.para] in PROSE]

    def section_of(self, sentence: Sentence) -> tuple[str, ...]:
        return self.sections[sentence.para] if self.sections else ()

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence that contains normalised offset ``pos``."""
        i = bisect_right(self._sentence_starts, pos) - 1
        return self.sentences[i] if i >= 0 else None

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def paragraph_text(self, i: int) -> str:
        s, e = self.paragraphs[i]
        return self.norm.text[s:e]

    def is_heading_paragraph(self, i: int) -> bool:
        return is_heading(self.paragraph_text(i))


def parse(nlp: Language, norm: Normalized, batch_size: int = 64, layout: Layout | None = None,
          pages: tuple[int, ...] = ()) -> Parsed:
    """Run ``nlp`` over every paragraph (folded text) and collect sentences with normalised offsets; with
    the text's ``layout``, every paragraph's kind and section path."""
    paragraphs = norm.paragraphs()
    kinds = [layout.kind_at(norm.to_orig(s)) for s, _ in paragraphs] if layout is not None else []
    # prose goes through spaCy; a table cell or a metadata line is a sentence of its own as it stands
    prose = [i for i in range(len(paragraphs)) if not kinds or kinds[i] in PROSE]
    parsed = iter(nlp.pipe((norm.fold[slice(*paragraphs[i])] for i in prose), batch_size=batch_size))
    docs: list[Doc | None] = [None] * len(paragraphs)
    for i in prose:
        docs[i] = next(parsed)
    sentences = []
    for i, (pstart, pend) in enumerate(paragraphs):
        spans = [(d.start_char, d.end_char) for d in docs[i].sents] if docs[i] is not None else [(0, pend - pstart)]
        for a, b in spans:
            s, e = pstart + a, pstart + b
            sentences.append(Sentence(s, e, norm.text[s:e], norm.fold[s:e], i))
    sections = section_paths([norm.text[s:e] for s, e in paragraphs])
    return Parsed(norm, paragraphs, docs, sentences, layout, kinds, sections, pages)
