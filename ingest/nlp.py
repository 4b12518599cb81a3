"""The spaCy pipeline: zh_core_web_sm when installed, else blank "zh" with jieba, plus a sentencizer.

The pipeline is the segmenter plus spaCy's ``sentencizer`` (sentence boundaries at 。！？, configured below).
The extractors read sentences and, with zh_core_web_sm, its ORG/GPE entities; amounts, rates and counts
are found by the regexes of ``patterns/quantities.toml`` in the sentences the extractors keep
(``ingest.amounts``), not in every paragraph: most paragraphs hold none that matter.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources

import spacy
from spacy.language import Language

MODEL = "zh_core_web_sm"
FALLBACK_NOTICE = f"govkg: {MODEL} is not installed; using spacy.blank('zh') with the jieba segmenter"


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
    nlp.max_length = 2_000_000
    return nlp


def has_statistical_ner(nlp: Language) -> bool:
    """True when the pipeline has a trained NER (zh_core_web_sm), False on the jieba fallback."""
    return "ner" in nlp.pipe_names
