"""Property tests (Hypothesis): the normaliser, the amount parser and ingest never crash, and keep
their promises on any input. Example counts are bounded so that the file runs in well under a minute."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from govkg.ingest.amounts import find_amounts, find_counts, find_rates, parse_amount
from govkg.ingest.load import LoadError, decode_bytes
from govkg.ingest.normalize import fold, normalize, split_blocks
from govkg.kg.graph import KnowledgeGraph

FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text that looks like a report: CJK, digits, the punctuation and markup the normaliser reacts to.
def reportish(anything: st.SearchStrategy) -> st.SearchStrategy:
    return st.text(
        alphabet=st.one_of(
            st.sampled_from(list("年度部门整体支出绩效自评报告预算执行万元亿一二三、（）()。，；：！？%.,- \n\r\t*_第页共")),
            st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),
            st.sampled_from(list("0123456789０１２３４５６７８９")),
            anything,
        ),
        max_size=300,
    )


REPORTISH = reportish(st.characters())  # lone surrogates included: str can hold them
ENCODABLE = reportish(st.characters(blacklist_categories=("Cs",)))  # what a file can hold
ANY_TEXT = st.one_of(REPORTISH, st.text(max_size=200))

SEPARATORS = "\n "  # what normalize inserts where it joins two kept lines


def check_offsets(original: str, offset: int = 0) -> None:
    n = normalize(original, offset)
    assert len(n.fold) == len(n.text)
    last = -1
    for i, ch in enumerate(n.text):
        o = n.to_orig(i) - offset
        assert 0 <= o < len(original), (i, o)
        if ch == original[o]:
            assert o > last or ch in SEPARATORS, "normalised characters keep their order"
            last = o
        else:
            # a paragraph break or joining space stands for the line break (and spaces) it replaced
            assert ch in SEPARATORS and original[o].isspace(), (i, ch, original[o])
    for s, e in n.paragraphs():
        a, b = n.span(s, e)
        assert 0 <= a - offset <= b - offset <= len(original)


@FAST
@given(ANY_TEXT)
@example("分解下达全\n\n区招商引\r\n资任务。\n- 17 -\n**食材之都**已编制\u3000 \nA\nb")
@example("**\n__\n  \n")
@example("\x85\u2028\u2029\x0b\x0c\x1c第1页\r")
def test_normalised_text_maps_back_into_the_original(original):
    check_offsets(original)


@FAST
@given(ANY_TEXT, st.integers(min_value=0, max_value=10**9))
def test_offsets_of_a_block_are_whole_report_offsets(original, offset):
    check_offsets(original, offset)


@FAST
@given(st.lists(REPORTISH, max_size=8), st.integers(min_value=1, max_value=120))
def test_blocks_cover_the_text_exactly(pieces, size):
    text = "".join(pieces)
    blocks = list(split_blocks(pieces, size))
    assert "".join(b for _, b in blocks) == text
    pos = 0
    for offset, block in blocks:
        assert offset == pos and block
        assert len(block) <= 2 * size
        pos += len(block)


@FAST
@given(ANY_TEXT)
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


@FAST
@given(ANY_TEXT)
@example("1" * 5000 + "家")  # more digits than int() takes
@example("٣٤ 万元 𝟗元 ９８．５％")
def test_amount_parser_never_crashes(text):
    for a in find_amounts(text):
        assert a.value >= 0 and a.currency in {"CNY", "USD", "HKD", "EUR"}
        assert text[a.start:a.end] == a.printed
    find_rates(text)
    find_counts(text)
    parse_amount(text)


UNITS = {"元": 1, "万元": 10**4, "亿元": 10**8, "千元": 10**3, "万美元": 10**4, "美元": 1}


def printed(value: Decimal, places: int, grouped: bool, full_width: bool, space: str, unit: str) -> str:
    s = f"{value:,.{places}f}" if grouped else f"{value:.{places}f}"
    if full_width:
        s = s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789,."})
    return s + space + unit


@FAST
@given(value=st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
       places=st.integers(0, 4), grouped=st.booleans(), full_width=st.booleans(),
       space=st.sampled_from(["", " ", "  "]), unit=st.sampled_from(sorted(UNITS)),
       before=st.sampled_from(["", "全年预算数", "约", "共计", "（"]), after=st.sampled_from(["", "。", "，执行率"]))
def test_printed_amounts_round_trip(value, places, grouped, full_width, space, unit, before, after):
    value = value.quantize(Decimal(1).scaleb(-places))
    text = before + printed(value, places, grouped, full_width, space, unit) + after
    a = parse_amount(text)
    assert a is not None, text
    assert a.value == value * UNITS[unit], text
    assert a.currency == ("USD" if unit.endswith("美元") else "CNY")
    assert a.printed == text[len(before):len(text) - len(after)]


@FAST
@given(st.binary(max_size=3000))
def test_decoding_random_bytes_gives_text_or_a_one_line_reason(data):
    try:
        text, enc = decode_bytes(data)
    except LoadError as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert isinstance(text, str) and text.strip() and enc


# Report-shaped text: titles, budget statements, subsidy verbs, names, markup and hostile characters.
REPORT_PIECES = st.lists(st.one_of(
    st.sampled_from(["2023年度", "广州市", "白云区", "投资促进局", "部门整体支出绩效自评报告", "\n", "。", "，", "、", "等企业",
                     "有限公司", "全年预算数", "执行数", "万元", "完成预算的", "%", "“", "”", "《", "》", "（", "）", "兑现",
                     "拨付", "奖励", "家企业", "项目", "集团", "我局", "专项", "年初预算", "实际支出", "执行率", "年中调增",
                     "自评得分", "分", "1,234.56", "约", "超", "以上", "**", "- 3 -", "一、", "（二）", "1.", "①", "华为",
                     "\\", "\"", "'", "{", "}", "<", ">", "#", "\x00", "\ufeff"]),
    ENCODABLE.map(lambda t: t[:8]),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False).map(str),
), max_size=150).map("".join)

BYTES = st.one_of(
    REPORT_PIECES.map(lambda t: t.encode("utf-8")),
    st.binary(max_size=2000),
    ENCODABLE.map(lambda t: t.encode("utf-8")),
    ENCODABLE.map(lambda t: t.encode("gb18030")),
    ENCODABLE.map(lambda t: t.encode("utf-16")),
    st.builds(lambda head, t: head + t.encode("utf-8"),
              st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b""]), ENCODABLE),
)


@pytest.fixture(scope="module")
def fuzz_kg():
    """One in-memory store for all examples (each example replaces its own report graph)."""
    kg = KnowledgeGraph(None)
    yield kg
    from tests.conftest import assert_valid

    assert_valid(kg)  # whatever went in satisfies the SHACL shapes
    kg.close()


@pytest.mark.shacl_deferred  # one SHACL check of everything at the end (the fuzz_kg fixture)
@SLOW
@given(data=BYTES, suffix=st.sampled_from([".txt", ".pdf", ".docx", ".md"]))
def test_ingest_of_random_bytes_takes_the_file_or_names_one_reason(tmp_path_factory, fuzz_kg, data, suffix):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"f{suffix}"
    path.write_bytes(data)
    for _ in range(2):  # the second time replaces the graph (DROP + INSERT instead of a first load)
        result = fuzz_kg.ingest([path], workers=1)
        (fr,) = result.files
        if fr.error is None:
            assert fr.report == path.name and fr.triples > 0
            # the same bytes ingested earlier under another name (f.txt, then f.md) are one report with both names
            assert any(path.name in r["names"] for r in fuzz_kg.reports())
        else:
            assert fr.error.strip() and "\n" not in fr.error and "Traceback" not in fr.error
            assert not fr.error.startswith("extraction failed"), fr.error  # a crash, not a bad file
            break


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=600))
def test_cli_ingest_of_random_bytes_prints_one_line_per_rejected_file(tmp_path_factory, data):
    from click.testing import CliRunner

    from govkg.kg.cli import cli

    folder = tmp_path_factory.mktemp("cli")
    path = folder / "r.txt"
    path.write_bytes(data)
    res = CliRunner().invoke(cli, ["ingest", str(path), "--store", str(folder / "s"), "--workers", "1"],
                             catch_exceptions=False)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip() and not ln.startswith("govkg: ")]
    if res.exit_code == 1:
        errors = [ln for ln in lines if ": warning: " not in ln]
        assert len(errors) == 1 and errors[0].startswith(f"{path}: "), res.stderr
    else:
        assert res.exit_code == 0, res.stderr
        assert all(ln.startswith(f"{path}: warning: ") for ln in lines), res.stderr
