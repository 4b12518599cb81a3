"""The spaCy pipeline: zh_core_web_sm when installed, else blank "zh" with jieba, plus a sentencizer.

The pipeline is the segmenter plus spaCy's ``sentencizer`` (sentence boundaries at 。！？, configured below).
The extractors read sentences and, with zh_core_web_sm, its ORG entities; amounts, rates and counts are
found by the regexes of ``patterns/quantities.toml`` in the sentences the extractors keep
(``ingest.amounts``). No extractor reads the jieba tokens themselves, so jieba gets no domain dictionary
(22 words of one made segmentation 7 % slower and changed nothing extracted).
"""
from __future__ import annotations

import sys
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported when a pipeline is built, not by every kg command
    from spacy.language import Language

MODEL = "zh_core_web_sm"
FALLBACK_NOTICE = f"govkg: {MODEL} is not installed; using spacy.blank('zh') with the jieba segmenter"


@lru_cache(maxsize=2)
def build_nlp(quiet: bool = False) -> Language:
    """Build (once per process) the pipeline; prints a one-line notice when falling back to jieba."""
    import jieba
    import spacy

    jieba.setLogLevel(60)
    try:
        nlp = spacy.load(MODEL, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer"])
    except (OSError, ImportError):
        if not quiet:
            print(FALLBACK_NOTICE, file=sys.stderr)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("sentencizer", first=True, config={"punct_chars": ["。", "！", "？", "!", "?"]})
    nlp.max_length = 2_000_000
    import jieba.posseg  # noqa: F401 - loads its word tags (~1 s) here, once: forked workers inherit them
    return nlp


def has_statistical_ner(nlp: Language) -> bool:
    """True when the pipeline has a trained NER (zh_core_web_sm), False on the jieba fallback."""
    return "ner" in nlp.pipe_names
