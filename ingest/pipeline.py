"""One report file in, its resolved facts out: load -> normalize -> parse -> extract -> resolve.

:func:`run_file` is the whole pipeline (what a worker process runs for each file); :func:`extract` stops
before resolution (the extractors' tests read what it returns).
"""
from __future__ import annotations

from dataclasses import replace

from .amounts import refused_quantities
from .budget import extract_budget
from .document import read_layout
from .entities import extract_mentions
from .facts import DepartmentInfo, Extraction, ReportFacts
from .load import Document, LoadError, load
from .nlp import build_nlp, has_statistical_ner
from .normalize import PIECE_CHARS, normalize
from .parsed import Parsed, parse
from .report_info import extract_department, later_block_facts
from .resolve import Resolver, resolve_report
from .subsidies import extract_subsidies

#: Reports longer than this are normalised, parsed and extracted in paragraph blocks (bounded memory,
#: every spaCy call far below ``nlp.max_length``); shorter ones in one piece.
SINGLE_PASS_CHARS = 400_000


def run_file(path: str, nlp=None, resolver: Resolver | None = None) -> ReportFacts:
    """Load, extract and resolve one file (raises :class:`~govkg.ingest.load.LoadError` for unreadable files)."""
    return run(load(path), nlp, resolver)


def run(document: Document, nlp=None, resolver: Resolver | None = None) -> ReportFacts:
    """The resolved facts of one loaded report."""
    return resolve_report(extract(document, nlp), resolver or Resolver())


def extract(document: Document, nlp=None) -> Extraction:
    """All facts of one loaded report as extracted (a long or streamed one block by block)."""
    nlp = nlp or build_nlp()
    if document.streamed or document.chars > SINGLE_PASS_CHARS:
        facts = _extract_blocks(document, nlp)
    else:
        facts = extract_parsed(read(document, document.text, 0, nlp), document, nlp)
    facts.warnings[:0] = [w for w in document.warnings if w not in facts.warnings]
    return facts


def _extract_blocks(document: Document, nlp) -> Extraction:
    """Facts of a long report, one block of whole paragraphs at a time; the title is in the first block."""
    facts: Extraction | None = None
    for offset, block in document.blocks():
        doc = read(document, block, offset, nlp)
        if facts is None:
            facts = extract_parsed(doc, document, nlp)
            continue
        dept = facts.department
        self_mentions, score, score_evidence = later_block_facts(doc)  # a first 我局 or a score further on
        if not dept.self_mentions:
            dept = replace(dept, self_mentions=self_mentions)
        if dept.score is None and score is not None:
            dept = replace(dept, score=score, score_evidence=score_evidence)
        facts.department = dept
        part = extract_parsed(doc, document, nlp, dept=dept)
        facts.budget.extend(part.budget)
        facts.mentions.extend(part.mentions)
        facts.subsidies.extend(part.subsidies)
        facts.grants.extend(part.grants)
        facts.warnings.extend(w for w in part.warnings if w not in facts.warnings)
    if facts is None:  # the file was emptied after load() checked it
        raise LoadError("no text found (empty document)")
    return facts


def read(document: Document, text: str, offset: int, nlp) -> Parsed:
    """The document model of a text (the whole report, or a block at ``offset``): layout, normalised
    paragraphs, sentences, pages."""
    layout = read_layout(text, offset)
    return parse(nlp, normalize(text, offset, layout), layout=layout, pages=document.pages)


def extract_parsed(doc: Parsed, document: Document, nlp, dept: DepartmentInfo | None = None) -> Extraction:
    """The facts of one parsed report, or of one block of a long report (``dept`` from its first block)."""
    if dept is None:
        dept = extract_department(doc, document.source)
    facts = Extraction(report=document.source, path=document.path, chars=document.chars, department=dept)
    if not dept.name:
        facts.warnings.append("no department name found (title, page metadata, forms, signature or body)")
    if dept.year is None:
        facts.warnings.append("no fiscal year found (title, kind line or body)")
    facts.budget, budget_warnings = extract_budget(doc, dept)
    facts.warnings.extend(w for w in budget_warnings if w not in facts.warnings)
    facts.mentions = extract_mentions(doc, dept, nlp_ner=has_statistical_ner(nlp))
    facts.subsidies, facts.grants, recipients = extract_subsidies(doc, dept, facts.budget, facts.mentions)
    facts.mentions.extend(_unseen(facts.mentions, recipients))
    facts.warnings.extend(w for w in quantity_warnings(doc) + piece_warnings(doc) if w not in facts.warnings)
    return facts


def piece_warnings(doc: Parsed) -> list[str]:
    """One warning per sentence too long for the segmenter, which was read in pieces (normalize.PIECE_CHARS)."""
    out = []
    for start, end in doc.norm.cut_sentences[:REFUSED_SHOWN]:
        o_start, o_end = doc.norm.span(start, end)
        out.append(f"a sentence of {end - start:,} characters (characters {o_start}–{o_end}) was read in pieces of "
                   f"at most {PIECE_CHARS:,} characters: a fact that spans a cut is not found")
    if len(doc.norm.cut_sentences) > REFUSED_SHOWN:
        out.append(f"{len(doc.norm.cut_sentences) - REFUSED_SHOWN} more sentences were read in pieces")
    return out


#: Refused amounts named one by one in a report's warnings; more are counted in one last warning.
REFUSED_SHOWN = 10


def quantity_warnings(doc: Parsed) -> list[str]:
    """One warning per printed amount or rate that is not used because it does not read exactly
    (``amount not used: "1 0 00 万元" (characters 120–129): digit groups 1 0 00 are not groups of three``)."""
    out: list[str] = []
    hidden = 0
    for sent in doc.sentences:
        for r in refused_quantities(sent.text):
            if len(out) >= REFUSED_SHOWN:
                hidden += 1
                continue
            start, end = doc.norm.span(sent.start + r.start, sent.start + r.end)
            printed = " ".join(r.printed.split())
            out.append(f'{r.kind} not used: "{printed}" (characters {start}–{end}): {r.reason}')
    if hidden:
        out.append(f"{hidden} more printed amounts or rates not used (they do not read exactly)")
    return out


def _unseen(mentions: list, recipients: list) -> list:
    """The recipient mentions that no mention already holds (a table's firm is found as a name too)."""
    seen = {(m.surface, m.evidence.start, m.evidence.end) for m in mentions}
    return [r for r in recipients if (r.surface, r.evidence.start, r.evidence.end) not in seen]
