"""Bad input never produces a traceback: a clear error naming file and line, exit 2, the rest still checked."""

import json
import os

import pytest
from typer.testing import CliRunner

from govmedia_lint import loading
from govmedia_lint.cli.app import app
from govmedia_lint.render import BINARY_FORMATS, FORMATS

GOOD = "account: {name: 佳县水利, platform: wechat, jurisdiction: jiaxian, host_unit: 佳县水利局, status: active}\n"
runner = CliRunner()


def check(*args):
    result = runner.invoke(app, ["check", *[str(a) for a in args]], catch_exceptions=False, env={"COLUMNS": "300"})
    return result


def check_json(path, *args):
    result = check(path, "-f", "json", "--as-of", "2025-07-01", *args)
    return result.exit_code, json.loads(result.output)


def input_errors(report):
    return [f for f in report["findings"] if f["rule"] == "GML-INPUT"]


BAD_YAML = {
    "tab-indent.yaml": "account:\n\tname: x\n",
    "bad-indent.yaml": "account:\n  name: x\n    platform: wechat\n",
    "unclosed-quote.yaml": "account:\n  name: 'x\n  platform: wechat\n",
    "unclosed-flow.yaml": "posts: [{date: 2025-01-01}\n",
    "empty.yaml": "",
    "comment-only.yaml": "# nothing here\n",
    "a-list.yaml": "- account: x\n",
    "a-scalar.yaml": "hello\n",
    "binary.yaml": "\x00\x01\x02PNG\x89",
    "a-json-array.yaml": "[1, 2, 3]\n",
}


@pytest.mark.parametrize("name", sorted(BAD_YAML))
def test_malformed_file_is_one_input_error_and_the_good_file_is_still_checked(tmp_path, name):
    (tmp_path / name).write_text(BAD_YAML[name], encoding="utf-8")
    (tmp_path / "good.yaml").write_text(GOOD.replace("status: active", "status: active, purpose: special_event"),
                                        encoding="utf-8")
    code, report = check_json(tmp_path)
    assert code == 2
    errors = input_errors(report)
    assert len(errors) == 1 and errors[0]["file"].endswith(name)
    assert errors[0]["line"] >= 1 and errors[0]["evidence"]["column"] >= 1
    assert any(f["rule"] == "JX-NO-SPECIAL-EVENT-ACCOUNT" for f in report["findings"])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_input_errors_appear_in_every_output_format(tmp_path, fmt):
    (tmp_path / "bad.yaml").write_text("account:\n  name: x\n  platfrom: wechat\n", encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    result = check(tmp_path / "bad.yaml", "-f", fmt, "-o", out, "--as-of", "2025-07-01")
    assert result.exit_code == 2
    if fmt in BINARY_FORMATS:
        from openpyxl import load_workbook

        cells = [str(c.value) for ws in load_workbook(out).worksheets for row in ws.iter_rows() for c in row]
        text = " ".join(cells)
    else:
        text = out.read_text(encoding="utf-8-sig")
    assert "GML-INPUT" in text and "bad.yaml" in text and "platfrom" in text


def test_gbk_file_names_the_encoding_and_encoding_option_reads_it(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(GOOD.encode("gb18030"))
    code, report = check_json(path)
    assert code == 2
    message = input_errors(report)[0]["message"]
    assert "GB18030" in message and "--encoding" in message
    code, report = check_json(path, "--encoding", "gb18030", "--select", "JX-NO-SPECIAL")
    assert input_errors(report) == []
    assert check(path, "--encoding", "klingon").exit_code == 2


def test_alias_bomb_is_refused_quickly(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "MAX_NODES", 100_000)
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, "
                     f"*{previous}, *{previous}, *{previous}, *{previous}, *{previous}]")
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, report = check_json(tmp_path)
    assert code == 2
    assert "别名炸弹" in input_errors(report)[0]["message"]


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "a:\n" + "".join(" " * i + "- \n" for i in range(1, 3000))])
def test_deeply_nested_document_is_an_error_not_a_crash(tmp_path, text):
    (tmp_path / "deep.yaml").write_text(text, encoding="utf-8")
    code, report = check_json(tmp_path)
    assert code == 2 and len(input_errors(report)) == 1


def test_oversized_file_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "ACCOUNT_LIMIT", 1000)
    (tmp_path / "huge.yaml").write_text(GOOD + "posts:\n" + "  - {date: 2025-01-01}\n" * 200, encoding="utf-8")
    code, report = check_json(tmp_path)
    assert code == 2 and "MB" in input_errors(report)[0]["message"]


def test_python_tags_never_construct_objects(tmp_path):
    marker = tmp_path / "pwned"
    (tmp_path / "evil.yaml").write_text(
        f"account: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    code, report = check_json(tmp_path)
    assert code == 2 and not marker.exists()
    assert "标签" in input_errors(report)[0]["message"]


def test_symlink_loops_and_dangling_links(tmp_path):
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.symlink(tmp_path / "missing.yaml", tmp_path / "dangling.yaml")
    code, report = check_json(tmp_path, "--select", "JX-NO-SPECIAL")
    assert report["files"] == 2
    assert [f["file"].endswith("dangling.yaml") for f in input_errors(report)] == [True]


def patch_reads(monkeypatch, reader):
    """Replace how account files are read, in the loader and in the runner (which hashes what it reads)."""
    from govmedia_lint.run import runner

    monkeypatch.setattr(loading, "read_account_bytes", reader)
    monkeypatch.setattr(runner, "read_account_bytes", reader)


def test_file_vanishing_during_the_run(tmp_path, monkeypatch):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    real = loading.read_account_bytes

    def flaky(path, *args, **kwargs):
        if path.name == "a.yaml":
            raise FileNotFoundError(2, "No such file or directory")
        return real(path, *args, **kwargs)

    patch_reads(monkeypatch, flaky)
    code, report = check_json(tmp_path, "--select", "JX-NO-SPECIAL")
    assert code == 2 and report["files"] == 2 and report["accounts"] == 1
    assert "文件不存在" in input_errors(report)[0]["message"]


def test_unreadable_file(tmp_path, monkeypatch):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    patch_reads(monkeypatch, lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    code, report = check_json(tmp_path)
    assert code == 2 and "没有读取权限" in input_errors(report)[0]["message"]


def test_thousands_of_files(tmp_path):
    for index in range(1000):
        (tmp_path / f"a{index:04d}.yaml").write_text(
            GOOD.replace("佳县水利", f"账号{index}").replace("佳县水利局", f"单位{index}"), encoding="utf-8")
    code, report = check_json(tmp_path, "--select", "JX-ONE-PER-PLATFORM")
    assert code == 0 and report["files"] == 1000


CONTRADICTIONS = [
    ("account: {opened_on: 2025-03-01, closed_on: 2025-02-01, status: closed}\n", "关停日期"),
    ("offline_periods:\n  - {kind: temporary, start: 2025-03-10, end: 2025-03-01}\n", "结束日"),
    ("messages:\n  - {received_at: 2025-03-10 10:00, replied_at: 2025-03-09 10:00}\n", "早于收到时间"),
    ("notices:\n  - {kind: opening, posted_on: 2025-03-10, removed_on: 2025-03-01}\n", "撤下日期"),
    ("posts:\n  - {date: 2025-08-01}\n", "晚于检查日"),
    ("policy_documents:\n  - {issued_on: 2025-03-10, interpretation_published_on: 2025-03-01}\n", "解读"),
]


@pytest.mark.parametrize("fragment, message", CONTRADICTIONS)
def test_contradictory_facts_are_findings_of_their_own(tmp_path, fragment, message):
    if fragment.startswith("account"):  # replace the account's facts
        text = GOOD.replace("status: active}", fragment.split("{", 1)[1].rstrip("}\n") + "}")
    else:
        text = GOOD + fragment
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    code, report = check_json(tmp_path)
    facts = [f for f in report["findings"] if f["rule"] == "GML-FACTS"]
    assert facts and message in facts[0]["message"], report["findings"]
    assert not input_errors(report)


def test_a_crashing_check_is_an_internal_error_finding_not_a_traceback(tmp_path, monkeypatch):
    from govmedia_lint.engine import kinds

    original = kinds.KINDS["separation_of_duties"]

    def boom(record, params, ctx):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(kinds.KINDS, "separation_of_duties", original.__class__(original.name, original.params, boom,
                                                                                   original.doc))
    (tmp_path / "a.yaml").write_text(GOOD.replace("status: active", "status: active, purpose: special_event"),
                                     encoding="utf-8")
    code, report = check_json(tmp_path, "--no-cache")
    assert code == 2
    internal = [f for f in report["findings"] if f["rule"] == "GML-INTERNAL"]
    assert internal and "ZeroDivisionError" in internal[0]["message"]
    assert any(f["rule"] == "JX-NO-SPECIAL-EVENT-ACCOUNT" for f in report["findings"])
