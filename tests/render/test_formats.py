"""Every export format, parsed back with a real parser and checked."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from openpyxl import load_workbook

from govmedia_lint.engine.evaluate import RunResult
from govmedia_lint.engine.findings import Finding
from govmedia_lint.policy.waivers import WaivedFinding
from govmedia_lint.render import FORMATS, Report, render
from govmedia_lint.render.github import escape_data, escape_property
from govmedia_lint.render.html import CELL, GAP, IDLE_DAYS, TOP, idle_runs
from govmedia_lint.run.facts import AccountFacts, WaiverFact
from govmedia_lint.run.masking import mask_text

SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
PHONE = "13812345678"
SOURCE = {"document": "佳县政务新媒体管理办法", "ref": "佳政办发〔2023〕20号", "article": "第十条",
          "quote": "每周更新不少于1次"}
FILE_A = "accounts/jiaxian/佳县教育.yaml"
FILE_B = "accounts/jiaxian/佳县发布, 微博.yaml"   # a comma and a space: escaping and URI encoding
FILE_BAD = "accounts/jiaxian/坏文件.yaml"


def _finding(rule, file, line, message, severity="error", account="佳县教育", evidence=None, pack="jiaxian"):
    return Finding(rule, rule.lower(), pack, severity, file, line, account, message,
                   SOURCE if pack else None, evidence or {})


def _facts(file, account, days, opened=date(2024, 8, 1)):
    return AccountFacts(file, account, "jiaxian", "佳县教育和体育局", "wechat", "active", opened,
                        {d: 1 for d in days}, [(1, "file"), (3, "account"), (20, "posts"), (21, "posts[2025-06-02]")],
                        [WaiverFact("JX-REVIEWED", 40, "暑期", "佳政务信息函〔2025〕3号", date(2025, 8, 31))])


@pytest.fixture
def report() -> Report:
    findings = [
        _finding("JX-UPDATE-WEEKLY", FILE_A, 21, "2025-W23 只更新 0 次，要求每周不少于 1 次",
                 evidence={"week": "2025-W23", "count": 0}),
        _finding("JX-UPDATE-WEEKLY", FILE_A, 21, "2025-W24 只更新 0 次，要求每周不少于 1 次",
                 evidence={"week": "2025-W24", "count": 0}),
        _finding("JX-LEADER-ASSIGNED", FILE_A, 9, f"分管领导联系电话 {PHONE} 与登记不符：a,b:c%\n第二行",
                 severity="warning", evidence={"phone": PHONE}),
        _finding("JX-NAME-CONSISTENT", FILE_B, 4, "=HYPERLINK(\"http://x\") 名称不一致", severity="info",
                 account="佳县发布"),
        _finding("GML-INPUT", FILE_BAD, 3, "account.opend_on：未知的键", account=None, pack=None,
                 evidence={"column": 5, "field": "account.opend_on"}),
    ]
    waived = [WaivedFinding(_finding("JX-REVIEWED", FILE_A, 30, "2025-06-05 的信息未经审核"),
                            WaiverFact("JX-REVIEWED", 40, "暑期", "佳政务信息函〔2025〕3号", date(2025, 8, 31)))]
    evaluated = {FILE_A: ["JX-UPDATE-WEEKLY", "JX-LEADER-ASSIGNED", "JX-REVIEWED", "JX-OPENING-FILED"],
                 FILE_B: ["JX-NAME-CONSISTENT", "JX-UPDATE-WEEKLY"]}
    result = RunResult(findings, 3, 2, evaluated, True, waived=waived)
    facts = {FILE_A: _facts(FILE_A, "佳县教育", ["2025-01-02", "2025-01-03", "2025-06-02", "2025-06-30"]),
             FILE_B: _facts(FILE_B, "佳县发布", ["2025-06-01"])}
    return Report(result, date(2025, 7, 1), date(2024, 7, 2), date(2025, 7, 1), "chinese-calendar 1.11.0",
                  facts=facts)


def test_every_format_is_registered_and_renders(report):
    assert {"table", "json", "sarif", "junit", "github", "csv", "xlsx", "html"} <= set(FORMATS)
    for fmt in FORMATS:
        assert render(report, fmt)


# --- SARIF ------------------------------------------------------------------------------------------

def test_sarif_is_valid_against_the_official_schema(report):
    log = json.loads(render(report, "sarif"))
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_sarif_schema_rejects_a_broken_log(report):
    log = json.loads(render(report, "sarif"))
    del log["runs"][0]["tool"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)


def test_sarif_carries_what_github_reads(report):
    run = json.loads(render(report, "sarif"))["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {"JX-UPDATE-WEEKLY", "JX-OPENING-FILED", "GML-INPUT", "JX-REVIEWED"} <= set(rules)
    weekly = rules["JX-UPDATE-WEEKLY"]
    assert "第十条" in weekly["fullDescription"]["text"] and "每周更新不少于1次" in weekly["fullDescription"]["text"]
    assert weekly["help"]["text"] and weekly["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run["results"]
    assert len(results) == 6
    for result in results:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1
        assert result["partialFingerprints"]["govmediaLint/v2"]
    by_message = {r["message"]["text"]: r for r in results}
    bad = next(r for r in results if r["ruleId"] == "GML-INPUT")
    assert bad["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 5}
    b = next(r for r in results if r["ruleId"] == "JX-NAME-CONSISTENT")
    assert b["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "accounts/jiaxian/%E4%BD%B3%E5%8E%BF%E5%8F%91%E5%B8%83%2C%20%E5%BE%AE%E5%8D%9A.yaml")
    assert b["level"] == "note"
    waived = [r for r in results if r.get("suppressions")]
    assert len(waived) == 1 and "佳政务信息函〔2025〕3号" in waived[0]["suppressions"][0]["justification"]
    # two weekly findings on the same line are different alerts
    weekly_prints = {r["partialFingerprints"]["govmediaLint/v2"] for r in results if r["ruleId"] == "JX-UPDATE-WEEKLY"}
    assert len(weekly_prints) == 2 and len(by_message) == 6


def test_sarif_fingerprints_do_not_depend_on_line_numbers(report):
    before = json.loads(render(report, "sarif"))["runs"][0]["results"][0]
    finding = report.result.findings[0]
    finding.line += 1  # still inside the same post (posts[2025-06-02] starts at line 21)
    after = json.loads(render(report, "sarif"))["runs"][0]["results"][0]
    assert before["partialFingerprints"] == after["partialFingerprints"]
    assert before["locations"] != after["locations"]


# --- JUnit ------------------------------------------------------------------------------------------

def test_junit_one_suite_per_file_one_case_per_rule(report):
    root = ET.fromstring(render(report, "junit").encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("file"): s for s in root.iter("testsuite")}
    assert set(suites) == {FILE_A, FILE_B, FILE_BAD}
    a = suites[FILE_A]
    names = [c.get("name") for c in a.iter("testcase")]
    assert len(names) == len(set(names)), "GitLab keeps only the first of duplicate names"
    assert "JX-OPENING-FILED" in names  # evaluated without findings: a passing test
    weekly = [c for c in a.iter("testcase") if c.get("name").startswith("JX-UPDATE-WEEKLY")]
    assert len(weekly) == 2 and all(c.find("failure") is not None for c in weekly)
    assert "只更新 0 次" in weekly[0].find("failure").get("message")
    # a warning is below the default fail level: skipped (GitLab shows its text), never a failure
    leader = next(c for c in a.iter("testcase") if c.get("name").startswith("JX-LEADER-ASSIGNED"))
    assert leader.find("failure") is None and "与登记不符" in leader.find("skipped").text
    waived = [c for c in a.iter("testcase") if "已豁免" in (c.find("skipped").get("message") if c.find("skipped")
                                                           is not None else "")]
    assert len(waived) == 1 and "佳政务信息函〔2025〕3号" in waived[0].find("skipped").get("message")
    assert a.get("tests") == str(len(names)) and a.get("failures") == "2" and a.get("skipped") == "2"
    assert root.get("failures") == "3"  # + the input error
    # a passing rule of B is there too
    assert "JX-UPDATE-WEEKLY" in [c.get("name") for c in suites[FILE_B].iter("testcase")]


def test_junit_fail_level_controls_failures(report):
    report.fail_on = "warning"
    root = ET.fromstring(render(report, "junit").encode("utf-8"))
    assert root.get("failures") == "4"


# --- GitHub -----------------------------------------------------------------------------------------

def test_github_workflow_commands_are_escaped(report):
    lines = render(report, "github").splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 5
    first = commands[0]
    assert first.startswith(f"::error file={FILE_A},line=21,title=JX-UPDATE-WEEKLY::")
    b = next(line for line in commands if "JX-NAME-CONSISTENT" in line)
    assert b.startswith("::notice file=accounts/jiaxian/佳县发布%2C 微博.yaml,line=4,title=JX-NAME-CONSISTENT::")
    leader = next(line for line in commands if "JX-LEADER-ASSIGNED" in line)
    assert leader.startswith("::warning ") and "a,b:c%25%0A第二行" in leader and "\n" not in leader
    assert next(line for line in commands if "GML-INPUT" in line).startswith(f"::error file={FILE_BAD},line=3,col=5,")


def test_github_escaping_rules():
    assert escape_data("100%\r\nx:y,z") == "100%25%0D%0Ax:y,z"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


# --- CSV --------------------------------------------------------------------------------------------

def test_csv_has_a_bom_and_parses_back(report):
    text = render(report, "csv")
    assert text.startswith("\ufeff")
    raw = text.encode("utf-8")
    assert raw[:3] == b"\xef\xbb\xbf"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 6
    assert rows[0]["文件"] == FILE_A and rows[0]["行号"] == "21" and rows[0]["级别"] == "错误"
    assert "第十条" in rows[0]["依据条款"]
    assert rows[-1]["状态"] == "已豁免" and rows[-1]["豁免批准文件"] == "佳政务信息函〔2025〕3号"
    formula = next(r for r in rows if r["规则代码"] == "JX-NAME-CONSISTENT")
    assert formula["问题说明"].startswith("'=")  # no formula injection in a spreadsheet
    leader = next(r for r in rows if r["规则代码"] == "JX-LEADER-ASSIGNED")
    assert leader["问题说明"].endswith("第二行")  # multi-line cells survive quoting


# --- xlsx -------------------------------------------------------------------------------------------

def test_xlsx_has_findings_and_summary_sheets(report):
    data = render(report, "xlsx")
    assert isinstance(data, bytes) and data[:2] == b"PK"
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:2] == ["问题清单", "账号汇总"]
    findings = list(book["问题清单"].iter_rows(values_only=True))
    # the two weeks of JX-UPDATE-WEEKLY are one row; the 问题明细 sheet has each finding
    assert findings[0][:3] == ("辖区", "主办单位", "账号") and len(findings) == 1 + 5
    assert len(list(book["问题明细"].iter_rows(values_only=True))) == 1 + 5
    formula_row = next(r for r in findings if r[5] == "JX-NAME-CONSISTENT")
    assert book["问题清单"].cell(row=findings.index(formula_row) + 1, column=8).data_type == "s"
    summary = list(book["账号汇总"].iter_rows(values_only=True))
    by_file = {row[5]: row for row in summary[1:]}
    assert set(by_file) == {FILE_A, FILE_B, FILE_BAD}
    a = by_file[FILE_A]
    assert a[1] == "佳县教育" and a[6] == 4 and (a[7], a[8], a[9], a[10]) == (1, 1, 0, 1)


# --- HTML -------------------------------------------------------------------------------------------

class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.cells: dict[str, list[dict]] = {}  # heatmap aria-label -> its day cells, with their date
        self._svg = ""
        self._week = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "svg":
            self._svg = attrs.get("aria-label", "")
        elif tag == "g" and "data-week" in attrs:
            self._week = date.fromisoformat(attrs["data-week"])
        elif tag == "rect" and self._week is not None:
            row = (int(attrs["y"]) - TOP) // (CELL + GAP)
            attrs["data-date"] = (self._week + timedelta(days=row)).isoformat()
            self.cells.setdefault(self._svg, []).append(attrs)
            self._cell = attrs

    def handle_endtag(self, tag):
        if tag == "g":
            self._week = None
        elif tag == "rect":
            self._cell = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:  # the tooltip of a day with posts: "2025-06-02 周一 2 条"
            self._cell["count"] = int(data.split()[-2])


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def test_html_is_self_contained_with_summary_tables_and_heatmaps(report):
    html = render(report, "html")
    page = _parse(html)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no external assets"
    text = "".join(page.text)
    assert "各辖区汇总" in text and "jiaxian" in text and "佳县教育" in text and "佳县发布" in text
    svgs = [a for t, a in page.tags if t == "svg" and "heat" in a.get("class", "") and "legend" not in a.get("class", "")]
    assert len(svgs) == 2  # one heatmap per readable account
    a_cells = page.cells["佳县教育（微信）发布活跃度"]
    assert a_cells[0]["data-date"] == "2024-07-02" and a_cells[-1]["data-date"] == "2025-07-01"
    assert len(a_cells) == (date(2025, 7, 1) - date(2024, 7, 2)).days + 1
    posted = {c["data-date"] for c in a_cells if c.get("count")}
    assert posted == {"2025-01-02", "2025-01-03", "2025-06-02", "2025-06-30"}
    assert {c["class"] for c in a_cells if c["data-date"] < "2024-08-01"} == {"pre"}  # before opened_on
    assert any(c["class"] == "idle" for c in a_cells)
    assert "佳政务信息函〔2025〕3号" in text  # waived findings name the approval document
    assert "第十条" in text


def test_html_shows_scores_where_present(report):
    class Score:
        level, file, score, passed = "account", FILE_A, 72, True

        def to_dict(self):
            return {"level": self.level, "file": self.file, "score": self.score, "passed": self.passed}

        def main_reasons(self):
            return "信息更新 −20"

    assert "得分" not in "".join(_parse(render(report, "html")).text)
    report.scores = [Score()]
    text = "".join(_parse(render(report, "html")).text)
    assert "72 分（合格）" in text and "平均得分" in text


def test_idle_runs():
    d = date.fromisoformat
    runs = idle_runs([d("2025-01-10"), d("2025-01-12")], d("2025-01-01"), d("2025-02-28"))
    assert runs == [(d("2025-01-13"), d("2025-02-28"))]
    assert idle_runs([], d("2025-01-01"), d("2025-01-01") .replace(day=IDLE_DAYS)) == []


# --- masking ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "xlsx"])
def test_phone_numbers_are_masked_in_every_format(report, fmt):
    def text() -> str:
        rendered = render(report, fmt)  # JSON and SARIF are rendered as UTF-8 bytes
        return rendered.decode("utf-8") if isinstance(rendered, bytes) else rendered

    assert PHONE not in text() and "138****5678" in text()
    report.mask = False
    assert PHONE in text()


def test_phone_numbers_are_masked_in_xlsx(report):
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    cells = " ".join(str(c) for row in book["问题清单"].iter_rows(values_only=True) for c in row)
    assert PHONE not in cells and "138****5678" in cells


def test_masking_leaves_the_original_report_alone(report):
    render(report, "json")
    assert PHONE in report.result.findings[2].message


@pytest.mark.parametrize("text, masked", [
    ("电话 13812345678。", "电话 138****5678。"),
    ("+86 138 1234 5678", "138****5678"),
    ("0912-3456789", "0912-***6789"),
    ("2025-06-02 2025-W23 第123456789012行", "2025-06-02 2025-W23 第123456789012行"),
    ("gh_3f0a9c2b71de", "gh_3f0a9c2b71de"),
])
def test_mask_text(text, masked):
    assert mask_text(text) == masked


# --- end to end on the sample register ------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_sample_register_sarif_is_valid_and_rules_carry_their_clause_and_help(in_root, tmp_path):
    from typer.testing import CliRunner

    from govmedia_lint.cli.app import app

    out = tmp_path / "r.sarif"
    result = CliRunner().invoke(app, ["check", "accounts/jiaxian", "--as-of", "2025-07-01", "-f", "sarif", "-o", str(out)])
    assert result.exit_code == 1
    log = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    change = rules["JX-CHANGE-FILED-2-WORKDAYS"]
    assert "佳政办发〔2024〕27号" in change["fullDescription"]["text"]
    assert "govmedia-lint explain JX-CHANGE-FILED-2-WORKDAYS" in change["help"]["text"]
    late = next(r for r in run["results"] if r["ruleId"] == "JX-CHANGE-FILED-2-WORKDAYS")
    uri = late["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    from urllib.parse import unquote

    lines = (ROOT / unquote(uri)).read_text(encoding="utf-8").splitlines()
    assert "type: change" in lines[late["locations"][0]["physicalLocation"]["region"]["startLine"] - 1]
    prints = [r["partialFingerprints"]["govmediaLint/v2"] for r in run["results"]]
    assert len(prints) == len(set(prints))


def test_sample_register_html_has_a_heatmap_per_account(in_root, tmp_path):
    from typer.testing import CliRunner

    from govmedia_lint.cli.app import app

    out = tmp_path / "r.html"
    CliRunner().invoke(app, ["check", "accounts/jiaxian", "--as-of", "2025-07-01", "-f", "html", "-o", str(out)])
    page = _parse(out.read_text(encoding="utf-8"))
    accounts = len(list((ROOT / "accounts" / "jiaxian").glob("*.yaml")))
    assert len(page.cells) == accounts
    assert all(len(cells) == 365 for cells in page.cells.values())
    assert "佳县" in "".join(page.text)


def test_heatmap_marks_offline_and_closed_days_and_not_as_idle():
    from govmedia_lint.render.html import heatmap

    facts = AccountFacts("f.yaml", "佳县创卫", "jiaxian", "佳县卫生健康局", "weibo", "closed", date(2024, 8, 1),
                         {"2024-08-05": 2, "2024-09-30": 1}, [], [], date(2025, 3, 1),
                         ((date(2024, 10, 1), date(2024, 10, 31)),))
    page = _parse(heatmap(facts, date(2024, 7, 2), date(2025, 7, 1)))
    [cells] = page.cells.values()
    css = {c["data-date"]: c["class"] for c in cells}
    assert css["2024-07-31"] == "pre" and css["2025-03-01"] == "pre" and css["2025-02-28"] == "idle"
    assert css["2024-08-05"] == "c2" and css["2024-09-30"] == "c1"
    assert {css[f"2024-10-{d:02d}"] for d in range(1, 32)} == {"off"}
    assert css["2024-08-02"] == "c0"                        # 08-01 .. 08-04: 4 silent days, not idle
    assert css["2024-09-01"] == "idle"                      # 2024-08-06 .. 09-29: idle
    assert css["2024-11-01"] == "idle"                      # after the offline period until closure
    assert "最长" in "".join(page.text)


# 黔江 第十二条 如开设平台有更新次数和时间限制的，应确保两次更新间隔不超过10天（含） (QJ-UPDATE-GAP-10-DAYS): the heatmap tints the gaps the account's own
# pack forbids, counted as the check counts them (the difference of the two dates)
@pytest.mark.parametrize("jurisdiction, kind, second, tinted, rule", [
    ("qianjiang", "服务号", "2026-06-12", True, "QJ-UPDATE-GAP-10-DAYS"),    # 11 days > 10
    ("qianjiang", "服务号", "2026-06-11", False, "QJ-UPDATE-GAP-10-DAYS"),   # 10 days
    ("jiaxian", "订阅号", "2026-06-12", False, "JX-IDLE-OVER-14-DAYS"),      # 11 days: within 佳县's 14
    ("jiaxian", "订阅号", "2026-06-16", True, "JX-IDLE-OVER-14-DAYS"),       # 15 days > 14
])
def test_heatmap_tints_gaps_by_the_packs_own_limit(tmp_path, jurisdiction, kind, second, tinted, rule):
    from typer.testing import CliRunner

    from govmedia_lint.cli.app import app

    (tmp_path / "a.yaml").write_text(
        f"account: {{name: 测试号, platform: wechat, platform_kind: {kind}, jurisdiction: {jurisdiction}, "
        f"host_unit: 测试局, status: active, opened_on: 2020-01-01}}\n"
        f"posts:\n  - {{date: 2026-06-01}}\n  - {{date: {second}}}\n  - {{date: 2026-06-20}}\n", encoding="utf-8")
    out = tmp_path / "r.html"
    CliRunner().invoke(app, ["check", str(tmp_path / "a.yaml"), "--as-of", "2026-06-25", "--since", "2026-06-01",
                             "-f", "html", "-o", str(out)])
    page = _parse(out.read_text(encoding="utf-8"))
    [cells] = page.cells.values()
    css = {c["data-date"]: c["class"] for c in cells}
    assert (css["2026-06-05"] == "idle") is tinted
    assert css["2026-06-24"] != "idle"  # 06-20 to the check day: 5 days
    assert not tinted or rule in "".join(page.text)


def test_heatmap_of_an_account_no_gap_rule_applies_to_tints_nothing(tmp_path):
    from govmedia_lint.render.html import heatmap

    facts = AccountFacts("f.yaml", "佳县政务", "jiaxian", "佳县人民政府办公室", "app", "active", date(2020, 1, 1),
                         {"2026-01-05": 1}, idle_max_days=None)
    page = _parse(heatmap(facts, date(2026, 1, 1), date(2026, 6, 30)))
    [cells] = page.cells.values()
    assert not any(c["class"] == "idle" for c in cells) and "没有更新间隔要求" in "".join(page.text)
