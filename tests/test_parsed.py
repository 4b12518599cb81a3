"""Paragraphs through the spaCy pipeline: sentence offsets read from the token array match ``doc.sents``."""
from pathlib import Path

import pytest

from ingest.nlp import build_nlp
from ingest.normalize import normalize
from ingest.parsed import parse, sentence_bounds

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "data" / "samples").glob("*.txt"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name[:3])
def test_sentence_bounds_are_those_of_doc_sents(sample):
    nlp = build_nlp(quiet=True)
    norm = normalize(sample.read_text("utf-8"))
    parsed = parse(nlp, norm)
    expected = []
    for (pstart, _), doc in zip(parsed.paragraphs, parsed.docs):
        expected += [(pstart + s.start_char, pstart + s.end_char) for s in doc.sents]
    assert [(s.start, s.end) for s in parsed.sentences] == expected
    assert len(expected) > 40  # the check ran over a real report


@pytest.mark.parametrize("text", ["", "   ", "没有句号的一段话", "第一句。第二句！第三句？ ", "。。开头就是句号。"])
def test_sentence_bounds_on_edge_cases(text):
    doc = build_nlp(quiet=True)(text)
    assert sentence_bounds(doc) == [(s.start_char, s.end_char) for s in doc.sents]
