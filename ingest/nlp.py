"""The spaCy pipeline: zh_core_web_sm when installed, else blank "zh" with jieba, plus govkg components.

Components (registered by name, configured by data):

* ``sentencizer``       sentence boundaries at 。！？
* ``govkg_quantities``  regexes from ``patterns/quantities.toml`` -> ``doc.spans["amount"|"rate"|"year"|"count"|"score"]``
"""
from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .amounts import quantity_patterns

MODEL = "zh_core_web_sm"
FALLBACK_NOTICE = f"govkg: {MODEL} is not installed; using spacy.blank('zh') with the jieba segmenter"
QUANTITY_LABELS = ("amount", "rate", "year", "count", "score")


@Language.factory("govkg_quantities", default_config={"labels": list(QUANTITY_LABELS)})
def make_quantities(nlp: Language, name: str, labels: list[str]):
    """Mark amounts, rates, years, counts and scores found by the data-file regexes as span groups."""
    pats = quantity_patterns()
    compiled = [(label, pats[label]) for label in labels]

    def quantities(doc: Doc) -> Doc:
        text = doc.text  # Doc.text joins every token: read it once
        for label, rx in compiled:
            spans = []
            for m in rx.finditer(text):
                span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
            doc.spans[label] = spans
        return doc

    return quantities


def load_domain_dictionary() -> None:
    """Teach jieba the domain words (amount units, budget terms, org suffixes); call at every pipeline build."""
    import jieba

    path = resources.files("ingest.patterns").joinpath("jieba_userdict.txt")
    with resources.as_file(path) as p:
        jieba.load_userdict(str(p))


@lru_cache(maxsize=2)
def build_nlp(quiet: bool = False) -> Language:
    """Build (once per process) the pipeline; prints a one-line notice when falling back to jieba."""
    import jieba

    jieba.setLogLevel(60)
    try:
        nlp = spacy.load(MODEL, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer"])
    except (OSError, ImportError):
        if not quiet:
            print(FALLBACK_NOTICE, file=sys.stderr)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    load_domain_dictionary()
    nlp.add_pipe("sentencizer", first=True, config={"punct_chars": ["。", "！", "？", "!", "?"]})
    nlp.add_pipe("govkg_quantities")
    nlp.max_length = 2_000_000
    return nlp


def has_statistical_ner(nlp: Language) -> bool:
    """True when the pipeline has a trained NER (zh_core_web_sm), False on the jieba fallback."""
    return "ner" in nlp.pipe_names
