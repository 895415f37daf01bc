"""The fast paths of rendering give exactly what the plain ones gave."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from govmedia_lint.engine.findings import Finding
from govmedia_lint.run import masking
from govmedia_lint.render.json_report import finding_dict
from govmedia_lint.render.jsontext import dumps_utf8

_text = st.text(st.sampled_from("ab中文 \n\t\"\\\x01\x7f\u2028e0123456789-+.:"), max_size=12)
_scalars = (st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False) | _text
            | st.dates() | st.datetimes())
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                       | st.dictionaries(_text, inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_json_text_is_what_json_dumps_writes(value):
    assert dumps_utf8(value) == json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False) | st.floats(-1e-3, 1e-3), max_size=3))
def test_json_text_of_floats_is_what_json_dumps_writes(value):
    assert dumps_utf8(value) == json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()


def test_json_text_of_numbers_json_writes_with_an_exponent():
    for value in (1e16, 1e-05, 1e-07, 0.0001, [2.5e-8], {"a": 5e-324}, {"score": 72.5}, 2**70):
        assert dumps_utf8(value) == json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()


def _reference_mask(text: str) -> str:
    text = masking._MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)
    return masking._LANDLINE.sub(lambda m: f"{m[1]}-{'*' * len(m[2])}{m[3]}", text)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("0123456789 -+86电话x"), max_size=30))
def test_one_pass_masking_masks_what_both_patterns_mask(text):
    assert masking.mask_text(text) == _reference_mask(text)


def _finding(message: str) -> Finding:
    return Finding("JX-LEADER", "leader", "jiaxian", "warning", "a.yaml", 3, "佳县发布", message,
                   {"article": "第三条", "quote": "……"}, {"phone": "13812345678"})


def test_a_finding_without_phone_numbers_is_not_copied():
    finding = _finding("分管领导未登记")
    finding.evidence = {"week": "2025-W23"}
    assert masking.mask_finding(finding) is finding


def test_a_finding_with_a_phone_number_is_masked_in_a_copy():
    finding = _finding("电话 13812345678 与登记不符")
    masked = masking.mask_finding(finding)
    assert masked.message == "电话 138****5678 与登记不符" and masked.evidence == {"phone": "138****5678"}
    assert finding.message == "电话 13812345678 与登记不符" and finding.evidence == {"phone": "13812345678"}


def test_a_finding_as_a_plain_dict_is_its_to_dict():
    finding = _finding("x")
    assert finding_dict(finding) == finding.to_dict()
    assert list(finding_dict(finding)) == list(finding.to_dict())


@given(st.lists(st.tuples(st.booleans(), st.none() | st.integers(0, 100) | st.floats(0, 100)), max_size=12))
def test_competition_ranks_count_the_results_standing_strictly_better(results):
    from types import SimpleNamespace

    from govmedia_lint.policy.scoring import _standing, rank_numbers

    ordered = [SimpleNamespace(passed=passed, score=score) for passed, score in results]
    assert rank_numbers(ordered) == [1 + sum(_standing(o) < _standing(r) for o in ordered) for r in ordered]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("ab 1-_。，、：（）《》“”‘’…—中文字\u3000\u303f\u302a\uff01\uff61\u00b7\u200b\u0301😀\t"),
               max_size=20))
def test_cell_widths_are_what_rich_counts(text):
    from rich.cells import cell_len

    from govmedia_lint.render.wrap import _cells

    assert _cells(text) == cell_len(text)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("中文字天月日。，（）《》“”ab1-2W08"), max_size=60), st.integers(4, 30))
def test_wrapping_runs_of_chinese_keeps_every_rule_of_a_line(text, width):
    """Runs of Chinese characters are one token, split only when they do not fit: every line still fits,
    nothing is lost, no line starts with closing or ends with opening punctuation, 14天 stays whole
    (text without spaces: after a space, closing punctuation may start a line, as it always could)."""
    from govmedia_lint.render.wrap import _CLOSING, _OPENING, _cells, wrap

    lines = wrap(text, width)
    assert all(_cells(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())
    for before, after in zip(lines, lines[1:]):
        if after and _cells(before) + _cells(after[:1]) <= width:  # not a cut of a unit wider than a line
            assert after[:1] not in _CLOSING and before[-1:] not in _OPENING
            assert not (before[-1:].isdigit() and after[:1] in "天月日")


def _report_of(findings: list[Finding]):
    from datetime import date

    from govmedia_lint.engine.evaluate import RunResult
    from govmedia_lint.render import Report

    return Report(RunResult(findings, 3, 3, {}, False), date(2025, 7, 1), date(2024, 7, 2), date(2025, 7, 1),
                  "chinese-calendar 1.11.0", mask=False)


def test_the_json_report_written_in_pieces_is_the_whole_document(monkeypatch):
    """The findings are written a few at a time into one buffer: the bytes are those of the document written
    at once, whatever the pieces hold (floats json writes with an exponent, values orjson cannot write)."""
    from govmedia_lint.render import json_report

    findings = [_finding(f"第{index}条问题") for index in range(7)]
    findings[2].evidence = {"ratio": 1e-05, "nested": {"list": [1, "二"]}}
    findings[4].evidence = {"big": 2**70}
    findings[5].baselined = True
    findings[6].evidence = {}
    report = _report_of(findings)
    whole = dumps_utf8(json_report.as_dict(report)) + b"\n"
    assert whole == json.dumps(json_report.as_dict(report), ensure_ascii=False, indent=2, default=str).encode() + b"\n"
    for chunk in (1, 2, 3, 7, 100):
        monkeypatch.setattr(json_report, "CHUNK", chunk)
        assert json_report.render(report) == whole
    assert json_report.render(_report_of([])) == dumps_utf8(json_report.as_dict(_report_of([]))) + b"\n"
