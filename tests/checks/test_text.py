"""Offline text checks: matchers, documents, lexicons, the text store and the ``text`` command."""

import json
import zipfile
from datetime import date
from io import BytesIO

import pytest
from typer.testing import CliRunner

from govmedia_lint import checks  # noqa: F401
from govmedia_lint.cli.app import app
from govmedia_lint.loading import discover
from govmedia_lint.text.documents import docx_document, html_document
from govmedia_lint.text.lexicon import LexiconError, builtin, builtin_names, parse_lexicon
from govmedia_lint.text.matchers import (LexiconMatcher, bank_card_valid, find_links, find_personal_data,
                                         id_number_valid, near_miss_variants)
from govmedia_lint.text.store import format_store, parse_store, read_store_file, text_inputs_digest

LEADERS = """lexicon: 示例县领导
source: 示例县人民政府任免通知
entries:
  - {term: 王建国县长, valid_from: 2025-01-01, valid_until: 2026-06-30}
  - {wrong: 王建国副县长, right: 王建国县长, valid_from: 2025-01-01, valid_until: 2026-06-30}
"""


def test_id_numbers_are_checksum_validated():
    assert id_number_valid("11010519491231002X")
    assert not id_number_valid("110105194912310021")  # wrong check digit
    assert not id_number_valid("110105194913310028")  # month 13
    hits = find_personal_data("号码 11010519491231002X 与 110105194912310021")
    assert [(h.category, h.text) for h in hits] == [("id_card", "110105********002X")]


def test_mobiles_and_bank_cards_unless_masked():
    assert bank_card_valid("6222021234567890128") and not bank_card_valid("6222021234567890127")
    text = "电话 13800138000、138 0013 8000，卡 6222021234567890128；已隐去 138****8000、6222***********0128"
    assert [h.category for h in find_personal_data(text)] == ["mobile", "mobile", "bank_card"]
    assert all("*" in h.text for h in find_personal_data(text))
    assert find_personal_data("统一社会信用代码 113206000142567890") == []


def test_right_forms_shadow_wrong_words_and_near_misses():
    matcher = LexiconMatcher(builtin("xinhua").entries)
    found = [(h.category, h.text) for h in matcher.find("村长、村主任、大学生村官、村官、村任主")]
    assert found == [("wrong", "村长"), ("caution", "村官"), ("near_miss", "村任主")]
    assert near_miss_variants("王建国县长") >= {"王建县长", "王国建县长"}
    assert "王建" not in near_miss_variants("王建国")  # three characters: swaps only


def test_validity_dates():
    lexicon = parse_lexicon(__import__("yaml").safe_load(LEADERS), "test")
    matcher = LexiconMatcher(lexicon.entries)
    assert [h.category for h in matcher.find("王建国副县长讲话", date(2026, 3, 1))] == ["wrong"]
    assert matcher.find("王建国副县长讲话", date(2024, 3, 1)) == []
    assert matcher.find("王建国副县长讲话", date(2026, 7, 1)) == []


def test_every_entry_has_a_source():
    for name in builtin_names():
        assert all(entry.source for entry in builtin(name).entries), name
    with pytest.raises(LexiconError):
        parse_lexicon({"lexicon": "x", "entries": [{"wrong": "甲", "right": "乙"}]}, "t")


def test_links_outside_the_allowlist_and_shops():
    hits = find_links("见 https://item.jd.com/1.html、www.gov.cn/x 与 example.com。", ["gov.cn"], ["jd.com"])
    assert [(h.category, h.text) for h in hits] == [("shop_link", "https://item.jd.com/1.html"),
                                                     ("outside_link", "example.com")]


def test_html_positions_are_the_sources():
    doc = html_document("a.html", "<p>第一段</p>\n<p>走访<b>村</b>长 <a href=\"https://x.taobao.com/\">店</a></p>")
    assert "村长" in doc.text and "https://x.taobao.com/" in doc.text
    assert doc.position(doc.text.index("村长")) == (2, 9)


def test_docx_paragraphs_are_lines():
    body = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            '<w:p><w:r><w:t>标题</w:t></w:r></w:p><w:p><w:r><w:t>走访村</w:t></w:r><w:r><w:t>长</w:t></w:r></w:p>'
            '</w:body></w:document>')
    raw = BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        archive.writestr("word/document.xml", body)
    doc = docx_document("a.docx", raw.getvalue())
    assert doc.text == "标题\n走访村长" and doc.position(5) == (2, 3)


def test_store_round_trip_and_fallback(tmp_path):
    texts = {"wx-1": "第一行\n\n第三行", "a b": "  leading space", "null": "x"}
    assert parse_store(format_store(texts)) == texts
    path = tmp_path / "2026.yaml"
    path.write_text("wx-9: {not: text}\n", encoding="utf-8")
    with pytest.raises(Exception):
        read_store_file(path)
    path.write_text('"wx-1": "正文"\n"wx-2": >\n  折叠\n', encoding="utf-8")
    assert read_store_file(path) == {"wx-1": "正文", "wx-2": "折叠\n"}


def _register(tmp_path, lexicon=LEADERS):
    account = tmp_path / "县政府.yaml"
    account.write_text(
        "account: {name: 示例县人民政府, platform: wechat, jurisdiction: 黔江区, host_unit: 示例县人民政府, status: active}\n"
        "posts:\n"
        "  - {date: 2026-03-02, title: 会议, text_ref: wx-1}\n"
        "  - {date: 2026-03-03, title: 通知, text: 无问题的正文}\n", encoding="utf-8")
    store = tmp_path / "县政府.texts"
    store.mkdir()
    (store / "2026.yaml").write_text(format_store({"wx-1": "王建国副县长出席。\n失主身份证 11010519491231002X"}),
                                     encoding="utf-8")
    if lexicon:
        (tmp_path / "领导.lexicon.yaml").write_text(lexicon, encoding="utf-8")
    return account


def test_check_reads_the_store_and_the_register_lexicons(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _register(tmp_path)
    assert [p.name for p in discover([tmp_path])] == ["县政府.yaml"]  # stores and lexicons are not accounts
    result = CliRunner().invoke(app, ["check", ".", "--as-of", "2026-04-01", "--no-cache", "-f", "json"])
    findings = [f for f in json.loads(result.stdout)["findings"] if f["rule"].startswith("QJ-TEXT")]
    got = {(f["rule"], f["evidence"]["text_line"], f["evidence"]["column"], f["evidence"]["match"]) for f in findings}
    assert got == {("QJ-TEXT-POLITICAL-WORDING", 1, 1, "王建国副县长"),
                   ("QJ-TEXT-PRIVACY", 2, 7, "110105********002X")}
    assert "11010519491231002X" not in result.stdout
    assert all(f["line"] == 3 for f in findings)


def test_a_cached_check_sees_an_edited_text_store_and_lexicon(tmp_path, monkeypatch):
    """The result cache and the stored report are keyed on the store and the lexicons too: editing them is seen."""
    monkeypatch.chdir(tmp_path)
    _register(tmp_path)
    cache = ["--cache-dir", str(tmp_path / ".cache")]

    def rules() -> set:
        result = CliRunner().invoke(app, ["check", ".", "--as-of", "2026-04-01", "-f", "json", *cache])
        return {(f["rule"], f["evidence"].get("match")) for f in json.loads(result.stdout)["findings"]
                if f["rule"] in ("QJ-TEXT-PRIVACY", "QJ-TEXT-POLITICAL-WORDING")}

    assert ("QJ-TEXT-PRIVACY", "110105********002X") in rules()
    (tmp_path / "县政府.texts" / "2026.yaml").write_text(format_store({"wx-1": "王建国副县长出席。"}), encoding="utf-8")
    assert rules() == {("QJ-TEXT-POLITICAL-WORDING", "王建国副县长")}
    (tmp_path / "领导.lexicon.yaml").unlink()
    assert {found for found in rules() if found[1]} == set()  # without the lexicon, no wording finding


def test_a_register_without_texts_digests_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plain = tmp_path / "a.yaml"
    plain.write_text("account: {}\n", encoding="utf-8")
    assert text_inputs_digest(plain) == b""
    account = _register(tmp_path / "r" if (tmp_path / "r").mkdir() is None else tmp_path)
    before = text_inputs_digest(account)
    (account.parent / "县政府.texts" / "2026.yaml").write_text("wx-1: |-\n  改过\n", encoding="utf-8")
    assert before and text_inputs_digest(account) != before


def test_text_command_four_findings_with_clauses(tmp_path):
    (tmp_path / "领导.lexicon.yaml").write_text(LEADERS, encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text("# 通知\n身份证号 11010519491231002X\n王建国副县长讲话，王建县长出席。\n"
                     "购买 https://item.taobao.com/item.htm?id=1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["text", str(draft), "-l", str(tmp_path / "领导.lexicon.yaml"),
                                      "--pack", "qianjiang", "--as-of", "2026-03-01", "-f", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["column"], f["rule"]) for f in findings] == [
        (2, 6, "QJ-TEXT-PRIVACY"), (3, 1, "QJ-TEXT-POLITICAL-WORDING"), (3, 10, "QJ-TEXT-NEAR-MISS"),
        (4, 4, "QJ-TEXT-COMMERCIAL-LINK")]
    assert all(f["clauses"][0]["article"].startswith("第十一条") for f in findings)
    later = CliRunner().invoke(app, ["text", str(draft), "-l", str(tmp_path / "领导.lexicon.yaml"),
                                     "--pack", "qianjiang", "--as-of", "2026-07-01", "-f", "json"])
    assert "POLITICAL" not in later.stdout  # the lexicon's entries applied only in their dates


def test_text_command_stdin_and_exit_codes(tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["text", "-"], input="县政府召开会议。\n").exit_code == 0
    assert runner.invoke(app, ["text", "-"], input="走访村长\n").exit_code == 1
    assert runner.invoke(app, ["text", "-", "--fail-on", "never"], input="走访村长\n").exit_code == 0
    assert runner.invoke(app, ["text", str(tmp_path / "missing.txt")]).exit_code == 2
    assert runner.invoke(app, ["text", "-", "--pack", "nowhere"], input="x").exit_code == 2
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    assert runner.invoke(app, ["text", str(bad)]).exit_code == 2


def test_a_term_with_one_character_substituted_is_a_suspected_typo():
    """疑似错别字: a correct form of four or more characters with one character replaced (王建国县长 → 王建园县长)."""
    from govmedia_lint.text.lexicon import parse_lexicon
    from govmedia_lint.text.matchers import LexiconMatcher

    lexicon = parse_lexicon({"lexicon": "领导", "source": "任免通知", "entries": [{"term": "王建国县长"}]}, "测试")
    matcher = LexiconMatcher(lexicon.entries)
    found = [(h.category, h.text, h.suggestion) for h in matcher.find("会上，王建园县长讲话。王建国县长出席。")]
    assert found == [("near_miss", "王建园县长", "王建国县长")]
    assert matcher.find("王建国县长出席。") == []
    assert [h.text for h in matcher.find("王建国县长出席，王建国县长讲话")] == []


def test_the_text_table_fits_an_80_column_terminal(tmp_path):
    from rich.cells import cell_len

    draft = tmp_path / "draft.md"
    draft.write_text("身份证号 11010519491231002X\n购买 https://item.taobao.com/item.htm?id=1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["text", str(draft), "--as-of", "2026-03-01"], env={"COLUMNS": "80"})
    assert result.exit_code == 1 and "依据" in result.stdout
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80
