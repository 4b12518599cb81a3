"""One report file in, its facts out: load -> normalize -> nlp -> extract. Runs in worker processes."""
from __future__ import annotations

from .budget import extract_budget
from .entities import extract_mentions
from .facts import DepartmentInfo, ReportFacts
from .load import Document, LoadError, load
from .nlp import build_nlp, has_statistical_ner
from .normalize import normalize
from .parsed import Parsed, parse
from .report_info import extract_department
from .subsidies import extract_subsidies


#: Reports longer than this are normalised, parsed and extracted in paragraph blocks (bounded memory,
#: every spaCy call far below ``nlp.max_length``); shorter ones in one piece.
SINGLE_PASS_CHARS = 400_000


def extract(document: Document, nlp=None) -> ReportFacts:
    """All facts of one loaded report (a long or streamed one block by block)."""
    nlp = nlp or build_nlp()
    if document.streamed or document.chars > SINGLE_PASS_CHARS:
        facts = _extract_blocks(document, nlp)
    else:
        facts = extract_parsed(parse(nlp, normalize(document.text)), document, nlp)
    facts.warnings[:0] = [w for w in document.warnings if w not in facts.warnings]
    return facts


def _extract_blocks(document: Document, nlp) -> ReportFacts:
    """Facts of a long report, one block of whole paragraphs at a time; the title is in the first block."""
    facts: ReportFacts | None = None
    for offset, block in document.blocks():
        doc = parse(nlp, normalize(block, offset))
        if facts is None:
            facts = extract_parsed(doc, document, nlp)
            continue
        dept = facts.department
        here = extract_department(doc, document.source)  # the first self-reference (我局) and a late score
        if not dept.self_mentions:
            dept.self_mentions = here.self_mentions
        if dept.score is None and here.score is not None:
            dept.score, dept.score_evidence = here.score, here.score_evidence
        part = extract_parsed(doc, document, nlp, dept=dept)
        facts.budget.extend(part.budget)
        facts.mentions.extend(part.mentions)
        facts.subsidies.extend(part.subsidies)
        facts.warnings.extend(w for w in part.warnings if w not in facts.warnings)
    if facts is None:  # the file was emptied after load() checked it
        raise LoadError("no text found (empty document)")
    return facts


def extract_parsed(doc: Parsed, document: Document, nlp, dept: DepartmentInfo | None = None) -> ReportFacts:
    """The facts of one parsed report, or of one block of a long report (``dept`` from its first block)."""
    if dept is None:
        dept = extract_department(doc, document.source)
    facts = ReportFacts(report=document.source, path=document.path, chars=document.chars, department=dept)
    if not dept.name:
        facts.warnings.append("no department name found in the title")
    if dept.year is None:
        facts.warnings.append("no fiscal year found in the title")
    facts.budget = extract_budget(doc)
    facts.mentions = extract_mentions(doc, dept, nlp_ner=has_statistical_ner(nlp))
    facts.subsidies, recipients = extract_subsidies(doc, facts.budget, facts.mentions)
    facts.mentions.extend(recipients)
    return facts


def extract_file(path: str) -> ReportFacts:
    """Load and extract one file (raises ingest.load.LoadError for unreadable files)."""
    return extract(load(path))
