"""reconcile: the register against a roster, each finding cited to its pack's roster clause."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint import checks  # noqa: F401
from govmedia_lint.cli.app import app
from govmedia_lint.commands.reconcile import run_roster_example
from govmedia_lint.commands.roster import all_roster_rules, platform_of
from govmedia_lint.engine.packs import PackSet

from test_quotes_verbatim import is_quoted_from, seed

PACKSET = PackSet.load()
RULES = all_roster_rules(PACKSET)
DATA = Path(__file__).parents[1] / "data" / "reconcile"


def _id(rule):
    return f"{rule.code}[{rule.source.article}]"


def test_the_clauses_the_packs_cite():
    cited = {(rule.pack, rule.source.article) for rule in RULES}
    assert {("jiaxian", "第七条（四）"), ("jiaxian", "第八条（四）"), ("jiaxian", "第八条（五）"), ("suixi", "三（三）"),
            ("nantong", "第十五条"), ("national", "年度考核·监管范围")} <= cited


POLICY = {"obligation": "error", "principle": "warning", "deduction": "warning"}


@pytest.mark.parametrize("rule", RULES, ids=[_id(r) for r in RULES])
def test_roster_clause_follows_the_severity_policy(rule):
    assert rule.severity == POLICY[rule.basis]
    assert (rule.basis == "deduction") == rule.source.article.startswith("年度考核")


@pytest.mark.parametrize("rule", RULES, ids=[_id(r) for r in RULES])
def test_roster_clause_fails_and_passes_on_its_examples(rule):
    assert run_roster_example(rule, rule.examples.fail, PACKSET), f"{rule.code}: the failing example found nothing"
    assert run_roster_example(rule, rule.examples.pass_, PACKSET) == [], f"{rule.code}: the passing example failed"


@pytest.mark.parametrize("rule", RULES, ids=[_id(r) for r in RULES])
def test_roster_quote_is_verbatim(rule):
    assert is_quoted_from(rule.source.quote, seed(rule.pack)), rule.source.quote


def test_platform_names_of_a_roster():
    assert platform_of("微信公众号") == "wechat"
    assert platform_of("微信订阅号") == "wechat"
    assert platform_of("微信小程序") == "miniprogram"
    assert platform_of("新浪微博") == "weibo"
    assert platform_of("抖音号") == "douyin"
    assert platform_of("weibo") == "weibo"
    assert platform_of("传真") is None


RUNNER = CliRunner()
JIAXIAN = Path(__file__).resolve().parents[2] / "accounts" / "jiaxian"


def _run(*args):
    return RUNNER.invoke(app, ["reconcile", *map(str, args), "--as-of", "2026-11-26"])


@pytest.mark.parametrize("roster", ["jiaxian-registry.csv", "jiaxian-registry.xlsx"])
def test_the_sample_roster_against_the_sample_register(roster):
    result = _run(DATA / roster, JIAXIAN, "-f", "json")
    assert result.exit_code == 1, result.output
    found = sorted((f["rule"], f["account"], f["evidence"].get("field")) for f in json.loads(result.stdout)["findings"])
    assert found == [
        ("JX-ROSTER-NOT-ADDED", "佳县应急管理", None),  # live, not in the roster
        ("JX-ROSTER-NOT-ADDED", "佳县营商服务", None),
        ("JX-ROSTER-NOT-DEREGISTERED", "佳县创卫", None),  # closed, still listed
        ("JX-ROSTER-NOT-UPDATED", "佳县教体发布", "name"),  # renamed: same account id
        ("JX-ROSTER-NOT-UPDATED", "佳县教育", "host_unit"),
        ("NAT-ROSTER-NOT-SUPERVISED", "佳县农业农村", None),  # in the roster, not the register
    ]


def _register(tmp_path, *accounts):
    folder = tmp_path / "accounts"
    folder.mkdir()
    for index, (name, extra) in enumerate(accounts):
        (folder / f"a{index}.yaml").write_text(
            f"account:\n  name: {name}\n  platform: wechat\n  jurisdiction: suixi\n  host_unit: 濉溪县人民政府办公室\n"
            f"  status: active\n{extra}", encoding="utf-8")
    return folder


def test_one_missing_one_extra_one_renamed_are_three_findings(tmp_path):
    folder = _register(tmp_path, ("濉溪发布", "  account_id: gh_1\n"), ("濉溪政务", "  account_id: gh_2\n"),
                       ("濉溪新闻", "  account_id: gh_3\n"))
    roster = tmp_path / "roster.csv"
    roster.write_text("name,platform,account_id,host_unit\n濉溪发布,微信公众号,gh_1,濉溪县人民政府办公室\n"
                      "濉溪资讯,微信公众号,gh_2,濉溪县人民政府办公室\n濉溪人社,微信公众号,gh_9,濉溪县人力资源和社会保障局\n",
                      encoding="utf-8")
    result = _run(roster, folder, "-f", "json")
    assert result.exit_code == 1
    found = sorted((f["rule"], f["account"]) for f in json.loads(result.stdout)["findings"])
    assert found == [("SX-ROSTER-CONCEALED", "濉溪人社"), ("SX-ROSTER-INACCURATE", "濉溪政务"),
                     ("SX-ROSTER-UNREPORTED", "濉溪新闻")]


def test_a_matching_roster_is_exit_0_and_fail_on_never(tmp_path):
    folder = _register(tmp_path, ("濉溪发布", ""))
    roster = tmp_path / "roster.csv"
    roster.write_text("name,platform\n濉溪发布,微信\n", encoding="utf-8")
    assert _run(roster, folder).exit_code == 0
    roster.write_text("name,platform\n濉溪发布,微信\n濉溪人社,微信\n", encoding="utf-8")
    assert _run(roster, folder).exit_code == 1
    assert _run(roster, folder, "--fail-on", "never").exit_code == 0


def test_map_names_other_columns(tmp_path):
    folder = _register(tmp_path, ("濉溪发布", ""))
    roster = tmp_path / "list.csv"
    roster.write_text("公众号,单位\n濉溪发布,濉溪县人民政府办公室\n", encoding="utf-8")
    assert _run(roster, folder).exit_code == 2
    result = _run(roster, folder, "--map", "公众号=name", "--map", "单位=host_unit")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_every_format_renders(tmp_path, fmt):
    result = _run(DATA / "jiaxian-registry.csv", JIAXIAN, "-f", fmt)
    assert result.exit_code == 1 and "佳县农业农村" in result.stdout


def test_xlsx_needs_a_file_and_writes_one(tmp_path):
    target = tmp_path / "out.xlsx"
    result = _run(DATA / "jiaxian-registry.csv", JIAXIAN, "-f", "xlsx", "-o", target)
    assert result.exit_code == 1 and target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("content, words", [
    ("name,platform\n濉溪发布,传真机\n", ["第 2 行", "platform", "传真机"]),
    ("name,platform\n,微信\n", ["第 2 行", "缺少账号名称"]),
    ("序号,备注\n1,无\n", ["找不到名册的表头"]),
])
def test_bad_rosters_are_exit_2_with_file_row_and_column(tmp_path, content, words):
    folder = _register(tmp_path, ("濉溪发布", ""))
    roster = tmp_path / "roster.csv"
    roster.write_text(content, encoding="utf-8")
    result = _run(roster, folder)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output


def test_missing_roster_and_bad_account_file(tmp_path):
    folder = _register(tmp_path, ("濉溪发布", ""))
    assert _run(tmp_path / "none.csv", folder).exit_code == 2
    (folder / "bad.yaml").write_text("account: [\n", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("name,platform\n濉溪发布,微信\n", encoding="utf-8")
    result = _run(roster, folder)
    assert result.exit_code == 2 and "GML-INPUT" in result.output


def test_roster_codes_are_unique_and_explained():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert not [c for c in codes if PACKSET.find_rule(c)]
    result = RUNNER.invoke(app, ["explain", "jx-roster-not-added"])
    assert result.exit_code == 0 and "第七条（四）" in result.stdout and "不合格示例" in result.stdout
    assert json.loads(RUNNER.invoke(app, ["explain", "SX-ROSTER-DUPLICATE", "-f", "json"]).stdout)["finding"] == "duplicate"


def test_the_registers_severity_overrides_and_waivers_apply_as_in_check(tmp_path):
    """One judgement: ``[severity]`` re-levels a roster clause, an approved waiver of the account takes it out."""
    waiver = ("  account_id: gh_2\nwaivers:\n  - {rule: SX-ROSTER-INACCURATE, reason: 名称变更已报送待系统更新,"
              " approval_ref: 濉政办函〔2026〕1号}\n")
    folder = _register(tmp_path, ("濉溪发布", "  account_id: gh_1\n"), ("濉溪政务", waiver))
    roster = tmp_path / "roster.csv"
    roster.write_text("name,platform,account_id\n濉溪发布,微信公众号,gh_1\n濉溪资讯,微信公众号,gh_2\n"
                      "濉溪人社,微信公众号,gh_9\n", encoding="utf-8")
    (tmp_path / "govmedia-lint.toml").write_text('[severity]\nSX-ROSTER-CONCEALED = "info"\n', encoding="utf-8")
    result = _run(roster, folder, "-f", "json", "--config", tmp_path / "govmedia-lint.toml")
    report = json.loads(result.stdout)
    assert {(f["rule"], f["severity"]) for f in report["findings"]} == {("SX-ROSTER-CONCEALED", "info")}
    assert [w["rule"] for w in report["waived"]] == ["SX-ROSTER-INACCURATE"]
    assert result.exit_code == 0  # an info finding is below --fail-on error
