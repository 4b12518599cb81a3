"""Normalisation: broken lines joined, artefacts dropped, offsets map back into the original text."""
from pathlib import Path

import pytest

from govkg.ingest.amounts import find_amounts
from govkg.ingest.normalize import fold, is_heading, normalize
from tests.conftest import SAMPLES
from tests.helpers import facts_of, title


def roundtrip_ok(original: str) -> bool:
    n = normalize(original)
    return all(ch == "\n" or original[n.to_orig(i)] == ch for i, ch in enumerate(n.text))


def test_joins_words_broken_across_lines_and_blank_lines():
    raw = "分解下达全\n\n区招商引资工作目标，完成招商引\n资任务。\n"
    assert normalize(raw).text == "分解下达全区招商引资工作目标，完成招商引资任务。"


def test_drops_page_markers_and_markdown_bold():
    raw = "执行数 11,894.15\n\n- 17 -\n\n万元，**食材之都**已编制方案。"
    text = normalize(raw).text
    assert text == "执行数 11,894.15万元，食材之都已编制方案。"
    assert "17" not in text and "*" not in text


def test_keeps_paragraph_breaks_after_sentences_and_around_headings():
    raw = "（一）部门职能\n1.负责全区招商工作。\n2.机构设置情况\n投资促进一科、办公室。"
    assert normalize(raw).text.split("\n") == ["（一）部门职能", "1.负责全区招商工作。", "2.机构设置情况",
                                               "投资促进一科、办公室。"]


def test_wrapped_first_line_of_numbered_paragraph_is_not_a_heading():
    raw = "2.抓链主龙头。聚焦两大整车企业核心需求，会同甲乙传\n祺、丙丁组成专班。"
    assert "甲乙传祺" in normalize(raw).text
    assert not is_heading("2.抓链主龙头。聚焦两大整车企业核心需求，会同甲乙传")


def test_fold_is_same_length_and_ascii_for_fullwidth_forms():
    s = "全年预算数１２３．４５万元，完成率９８％（调整）"
    f = fold(s)
    assert len(f) == len(s)
    assert "123.45" in f and "98%" in f and "(调整)" in f


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_offset_map_round_trips_on_sample_reports(path: Path):
    assert roundtrip_ok(path.read_text("utf-8"))


def test_evidence_span_in_original_file_contains_the_amount(sample_paths):
    for path in sample_paths:
        original = path.read_text("utf-8")
        facts = facts_of(original, path.name)
        assert facts.budget, path.name
        for row in facts.budget:
            span = original[row.evidence.start:row.evidence.end]
            for printed in row.printed.values():
                digits = "".join(ch for ch in printed if ch.isdigit())
                assert digits in "".join(ch for ch in span if ch.isdigit()), (path.name, row.item, printed)
            assert find_amounts(span) or row.rate is not None


def test_evidence_offsets_point_into_crlf_and_fullwidth_text():
    original = title().replace("\n", "\r\n") + "全年预算数　１，２００．５０\r\n万元，执行数 1,100 万元，完成预算的 91.62%。\r\n"
    facts = facts_of(original)
    total = facts.budget[0]
    assert total.item is None and float(total.budget) == 12005000.0
    span = original[total.evidence.start:total.evidence.end]
    assert span.startswith("全年预算数") and "１，２００．５０" in span and span.endswith("91.62%")
