"""Every file the tool writes loads in readers nobody here wrote: PyYAML's safe loader and ``yamllint -d relaxed``.

``import`` (every preset, and the JSON sources), ``init`` (every pack and platform), baselines and the calendar file
that ``calendar YEAR`` prints. PyYAML reads YAML 1.1 and is stricter than the checker's own YAML 1.2 loader inside
``{…}`` (a ``?`` ends a plain scalar there: ``url: http://mp.weixin.qq.com/s?__biz=…`` is a syntax error), and it
reads ``yes``, ``on`` and ``09:30`` as a boolean and a number: the tool quotes what the two would read differently.
"""

from __future__ import annotations

import csv
import json
import shutil

import pytest
import yaml
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.engine.packs import PackSet
from govmedia_lint.importing.presets import presets
from govmedia_lint.importing.values import FIELD_TYPES, FILTER_FIELDS
from govmedia_lint.model import Platform
from importfiles import DATA
from written import assert_loads_everywhere

runner = CliRunner()


#: text a YAML 1.1 reader would take for something else, or stop at, in a flow mapping
HOSTILE = ["http://mp.weixin.qq.com/s?__biz=MzA5&mid=2650&idx=1&sn=ab#rd", "yes", "on", "09:30", "0o17", "1_000",
           "~", "null", "?问", ":开头", "- 列表", "a: b", "题 #注", "'引号'", "\"双引号\"", "0x1F", "1e3", "<<", "=",
           "带\t制表符", "行\u2028分隔", "零宽\u200b字符", "[方括号]", "{花括号}", "逗号, 分隔", "星号*", "&锚", "!标签",
           "%百分", "@at", "`反引号", "|竖线", ">大于"]

ACCOUNT = """\
schema: govmedia-lint/v1
account:
  name: 佳县测试
  platform: {platform}
  account_id: "{account_id}"
  jurisdiction: jiaxian
  host_unit: 佳县人民政府办公室
  status: active
  opened_on: 2025-01-01
posts:
  - {{date: 2025-06-01, title: 已有信息}}
"""


def _cell(field: str, row: int, text: str) -> str:
    kind = FIELD_TYPES[field]
    if field == "declared_date":
        return f"2025-06-{1 + row % 25:02d}"
    if kind == "when":
        return f"2025-06-{2 + row % 25:02d} {8 + row // 25:02d}:{row % 60:02d}"
    if kind == "bool":
        return "是" if row % 2 else "否"
    if field == "url":
        return f"http://mp.weixin.qq.com/s?__biz=MzA5&mid={row}&idx=1&sn=x"
    if kind == "list":
        return f"{text}、{HOSTILE[(row + 1) % len(HOSTILE)]}"
    return text


#: a rectification ledger's own hostile-text test is tests/importing/test_rectification_ledger.py (its rows are routed)
@pytest.mark.parametrize("name", sorted(n for n, p in presets().items() if p.collection != "rectifications"))
def test_every_presets_import_loads_in_pyyaml_and_yamllint(tmp_path, name):
    chosen = presets()[name]
    platform = chosen.platform or "wechat"
    target = tmp_path / "acc.yaml"
    target.write_text(ACCOUNT.format(platform=platform, account_id="5123456789"), encoding="utf-8")
    columns: dict[str, str] = {}
    for column, field in chosen.columns.items():
        if field not in FILTER_FIELDS:
            columns.setdefault(field, column)
    for column in chosen.header[:1]:
        if column not in columns.values():
            columns["post_id"] = column  # weibo-crawler: its header column (bid) is the post's id
    header = list(columns.values())
    rows = [[_cell(field, row, text) for field in columns] for row, text in enumerate(HOSTILE)]
    if chosen.unmatched == "report":  # a ledger only completes posts that are there: add them first
        with open(tmp_path / "posts.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([["date", "title"], *[[_cell("date", r, t), t] for r, t in enumerate(HOSTILE)]])
        first = runner.invoke(app, ["import", "csv", str(tmp_path / "posts.csv"), "--account", str(target)])
        assert first.exit_code == 0, first.output
        header = [columns[f] for f in ("title", "date") if f in columns] + [c for f, c in columns.items()
                                                                           if f not in ("title", "date", "url")]
        rows = [[_cell(columns_f, r, t) for columns_f in [f for f in ("title", "date") if f in columns]
                 + [f for f in columns if f not in ("title", "date", "url")]] for r, t in enumerate(HOSTILE)]
    with open(tmp_path / "in.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    result = runner.invoke(app, ["import", "csv", str(tmp_path / "in.csv"), "--preset", name, "--account", str(target)])
    assert result.exit_code == 0, result.output
    assert "新增" in result.output or "更新" in result.output
    assert_loads_everywhere(target)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    items = data.get("messages" if chosen.collection == "messages" else "posts")
    shown = json.dumps(items, ensure_ascii=False, default=str)
    assert sum(text in shown for text in [json.dumps(t, ensure_ascii=False)[1:-1] for t in HOSTILE]) >= len(HOSTILE) // 2


def test_the_json_sources_and_the_sample_chain_load_in_pyyaml_and_yamllint(tmp_path):
    target = tmp_path / "佳县水利.yaml"
    shutil.copy(DATA / "jiaxian_water.yaml", target)
    for source, files in (("wechat-analytics", ["wechat_notified.csv"]),
                          ("wechat-api", ["wechat_getarticletotaldetail.jsonl", "wechat_freepublish_batchget.json",
                                          "wechat_comment_list.json"]),
                          ("review-ledger", ["review_ledger.csv"]), ("message-ledger", ["message_ledger.csv"])):
        result = runner.invoke(app, ["import", source, *[str(DATA / f) for f in files], "--account", str(target)])
        assert result.exit_code == 0, result.output
        assert_loads_everywhere(target)
    weibo = tmp_path / "weibo.yaml"
    weibo.write_text(ACCOUNT.format(platform="weibo", account_id="5123456789"), encoding="utf-8")
    for name in ("weibo_statuses.json", "weibo_crawler_5123456789.csv"):
        result = runner.invoke(app, ["import", "weibo", str(DATA / name), "--account", str(weibo)])
        assert result.exit_code == 0, result.output
        assert_loads_everywhere(weibo)


def test_every_init_template_loads_in_pyyaml_and_yamllint(tmp_path):
    packs = PackSet.load().packs
    for pack in packs:
        for platform in Platform:
            target = tmp_path / f"{pack}-{platform.value}.yaml"
            result = runner.invoke(app, ["init", "--jurisdiction", pack, "--platform", platform.value,
                                         "--name", "yes: 09:30 #名", "--host-unit", "on?单位", "--output", str(target)])
            assert result.exit_code == 0, result.output
            assert_loads_everywhere(target)
            assert yaml.safe_load(target.read_text(encoding="utf-8"))["account"]["name"] == "yes: 09:30 #名"


def test_a_baseline_and_a_calendar_file_load_in_pyyaml_and_yamllint(tmp_path):
    register = tmp_path / "acc.yaml"
    register.write_text(ACCOUNT.format(platform="wechat", account_id="gh_1") + '  - {date: 2025-06-02, title: "'
                        + "\\u0085\\u2028 yes? #" + '"}\n', encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    result = runner.invoke(app, ["check", str(register), "--as-of", "2025-07-01", "--write-baseline", str(baseline)])
    assert result.exit_code in (0, 1), result.output
    assert_loads_everywhere(baseline)
    for year in ("2025", "2031"):
        out = runner.invoke(app, ["calendar", year])
        assert out.exit_code == 0, out.output
        (tmp_path / f"{year}.yaml").write_text(out.stdout, encoding="utf-8")
        assert_loads_everywhere(tmp_path / f"{year}.yaml")
