"""One report file in, its facts out: load -> normalize -> nlp -> extract. Runs in worker processes."""
from __future__ import annotations

from .budget import extract_budget
from .entities import extract_mentions
from .facts import ReportFacts
from .load import Document, load
from .nlp import build_nlp, has_statistical_ner
from .normalize import normalize
from .parsed import parse
from .report_info import extract_department
from .subsidies import extract_subsidies


def extract(document: Document, nlp=None) -> ReportFacts:
    """All facts of one loaded report."""
    nlp = nlp or build_nlp()
    doc = parse(nlp, normalize(document.text))
    dept = extract_department(doc, document.source)
    facts = ReportFacts(report=document.source, path=document.path, chars=len(document.text), department=dept)
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
