"""A 整改台账 (rectification ledger) imported into one account's ``rectifications``: only that account's rows
(账号名称 and 平台), other accounts' rows counted, doubtful rows reported and never guessed; merged round-trip,
idempotent, never deleting."""

from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.importing.values import to_due
from govmedia_lint.loading import load_account_text
from importfiles import DATA, account, csv_file, xlsx
from written import assert_loads_everywhere

LEDGER = DATA / "rectification_ledger.csv"
HEADER = ["序号", "账号名称", "平台", "问题描述", "问题来源", "通报文号", "通报日期", "整改期限", "整改完成日期",
          "整改情况/佐证材料", "责任单位"]

WATER = """\
# 佳县水利局公众号（手工登记，注释须保留）
schema: govmedia-lint/v1
account:
  name: 佳县水利
  platform: wechat
  jurisdiction: jiaxian
  host_unit: 佳县水利局
  status: active
  opened_on: 2025-06-01
"""


def run_import(*args):
    return CliRunner().invoke(app, ["import", "rectification-ledger", *map(str, args)])


def items(path):
    return load_account_text(path.read_text(encoding="utf-8"), str(path)).document.rectifications


def ledger(tmp_path, rows, name="台账.csv"):
    return csv_file(tmp_path / name, [HEADER, *rows])


def row(name="佳县水利", platform="微信", item="栏目长期未更新", source="通报", ref="", notified="2025-06-03",
        due="5个工作日", done="", evidence="", number="1"):
    return [number, name, platform, item, source, ref, notified, due, done, evidence, "佳县水利局"]


# ── routing: which rows are this account's ───────────────────────────────────────────────────────────────────────

def test_only_the_rows_of_this_accounts_name_and_platform_are_imported(tmp_path):
    target = account(tmp_path, WATER)
    result = run_import(LEDGER, "--account", target)
    assert result.exit_code == 0, result.output
    assert [i.item for i in items(target)] == ["“政策解读”栏目3月以来未更新", "留言超过5个工作日未答复",
                                               "底部菜单“办事指南”链接失效"]
    assert "台账中其他账号的行 3 行（佳县卫健 1 行、佳县发布 1 行、佳县水利（微博） 1 行），未导入。" in result.output


def test_a_near_name_or_a_row_without_a_name_is_reported_and_not_imported(tmp_path):
    target = account(tmp_path, WATER)
    result = run_import(LEDGER, "--account", target)
    assert "rectification_ledger.csv 第 9 行：账号名称“佳县水利局”与本账号“佳县水利”相近但不相同" in result.output
    assert "rectification_ledger.csv 第 11 行：没有账号名称" in result.output  # the 填报人 line under the table
    assert not any("头像" in i.item for i in items(target))


def test_a_near_name_that_another_account_file_in_the_folder_has_is_that_accounts(tmp_path):
    target = account(tmp_path, WATER)
    account(tmp_path, WATER.replace("name: 佳县水利", "name: 佳县水利局"), "佳县水利局.yaml")
    result = run_import(ledger(tmp_path, [row(), row(name="佳县水利局", item="乙")]), "--account", target)
    assert result.exit_code == 0, result.output
    assert "台账中其他账号的行 1 行（佳县水利局 1 行）" in result.output and "相近" not in result.output


def test_the_name_is_compared_after_normalising_whitespace_and_full_width(tmp_path):
    target = account(tmp_path, WATER.replace("佳县水利", "佳县水利ABC"))
    result = run_import(ledger(tmp_path, [row(name="　佳县 水利ＡＢＣ ")]), "--account", target)
    assert result.exit_code == 0, result.output
    assert len(items(target)) == 1


def test_a_row_without_platform_is_ambiguous_when_the_name_has_rows_of_another_platform(tmp_path):
    target = account(tmp_path, WATER)
    rows = [row(item="甲"), row(platform="微博", item="乙"), row(platform="", item="丙")]
    result = run_import(ledger(tmp_path, rows), "--account", target)
    assert result.exit_code == 0, result.output
    assert [i.item for i in items(target)] == ["甲"]
    assert "第 4 行：没有写平台，而同名账号还有微博的（台账中的行或登记库中的账号文件），无法确定是哪个账号" in result.output


def test_a_row_without_platform_is_this_accounts_when_the_name_names_no_other_platform(tmp_path):
    target = account(tmp_path, WATER)
    result = run_import(ledger(tmp_path, [row(platform="", item="丙")]), "--account", target)
    assert result.exit_code == 0, result.output
    assert [i.item for i in items(target)] == ["丙"]


def test_a_row_without_platform_is_ambiguous_when_the_folder_holds_an_account_of_that_name_elsewhere(tmp_path):
    target = account(tmp_path, WATER)
    account(tmp_path, WATER.replace("platform: wechat", "platform: 微博"), "佳县水利-微博.yaml")
    path = csv_file(tmp_path / "l.csv", [["账号名称", "问题描述", "通报日期"], ["佳县水利", "甲", "2025-06-03"]])
    result = run_import(path, "--account", target)
    assert result.exit_code == 2 and "没有写平台，而同名账号还有微博的" in result.output
    (tmp_path / "佳县水利-微博.yaml").unlink()
    assert run_import(path, "--account", target).exit_code == 0 and len(items(target)) == 1


def test_an_unknown_platform_is_reported(tmp_path):
    target = account(tmp_path, WATER)
    result = run_import(ledger(tmp_path, [row(item="甲"), row(platform="微信视频号", item="乙")]), "--account", target)
    assert "平台“微信视频号”无法识别" in result.output and [i.item for i in items(target)] == ["甲"]


def test_a_ledger_without_this_account_changes_nothing_and_says_so(tmp_path):
    target = account(tmp_path, WATER)
    before = target.read_bytes()
    result = run_import(ledger(tmp_path, [row(name="佳县发布")]), "--account", target)
    assert result.exit_code == 0, result.output
    assert "台账中没有账号“佳县水利”的整改事项。" in result.output and target.read_bytes() == before


def test_a_ledger_whose_rows_all_are_doubtful_is_an_error(tmp_path):
    target = account(tmp_path, WATER)
    before = target.read_bytes()
    result = run_import(ledger(tmp_path, [row(name="佳县水利局")]), "--account", target)
    assert result.exit_code == 2
    assert "台账中没有能确定属于账号“佳县水利”的行" in result.output and "相近但不相同" in result.output
    assert target.read_bytes() == before


def test_cells_of_other_accounts_rows_are_not_read(tmp_path):
    target = account(tmp_path, WATER)
    rows = [row(item="甲"), row(name="佳县发布", notified="不是日期", due="立行立改")]
    assert run_import(ledger(tmp_path, rows), "--account", target).exit_code == 0


# ── the record's fields ──────────────────────────────────────────────────────────────────────────────────────────

def test_the_columns_become_the_items_fields(tmp_path):
    target = account(tmp_path, WATER)
    run_import(LEDGER, "--account", target)
    done, open_notice, self_check = items(target)
    assert (done.source.value, done.ref, done.notified_on) == ("notice", "佳政务信息通〔2025〕3号", date(2025, 6, 3))
    assert (done.due_within, done.due_on, done.rectified_on) == ("5wd", None, date(2025, 6, 6))
    assert done.evidence == "已恢复更新，整改情况报告（2025-06-06）及截图存档"
    assert (open_notice.due_on, open_notice.rectified_on) == (date(2025, 6, 6), None)
    assert open_notice.evidence is None  # “整改中” is no evidence: read only from a row with its completion date
    assert (self_check.source.value, self_check.ref, self_check.due_within) == ("self_check", None, "10wd")


@pytest.mark.parametrize("cell, expected", [
    ("10个工作日", ("due_within", "10wd")), ("十个工作日内", ("due_within", "10wd")), ("5 个工作日", ("due_within", "5wd")),
    ("10日", ("due_within", "10d")), ("15天内", ("due_within", "15d")), ("二十日", ("due_within", "20d")),
    ("2025-06-12", ("due_on", date(2025, 6, 12))), ("限2025年6月12日前", ("due_on", date(2025, 6, 12))),
    (datetime(2025, 6, 12), ("due_on", date(2025, 6, 12))), ("", None),
])
def test_the_deadline_is_a_date_or_a_span_counted_from_the_day_after_the_notice(cell, expected):
    assert to_due(cell) == expected


def test_a_deadline_that_is_neither_is_an_error_naming_file_row_and_column(tmp_path):
    target = account(tmp_path, WATER)
    before = target.read_bytes()
    result = run_import(ledger(tmp_path, [row(), row(item="乙", due="立行立改")]), "--account", target)
    assert result.exit_code == 2
    assert "台账.csv 第 3 行（列“整改期限”）：整改期限无法识别：'立行立改'" in result.output
    assert target.read_bytes() == before


@pytest.mark.parametrize("cell, source", [("通报", "notice"), ("检查通报", "notice"), ("平台工单", "work_order"),
                                          ("自查", "self_check"), ("抽查", "inspection"), ("市网信办通报", "notice")])
def test_the_source_of_the_problem(tmp_path, cell, source):
    target = account(tmp_path, WATER)
    assert run_import(ledger(tmp_path, [row(source=cell)]), "--account", target).exit_code == 0
    assert items(target)[0].source.value == source


def test_a_row_without_notice_date_is_an_error(tmp_path):
    target = account(tmp_path, WATER)
    result = run_import(ledger(tmp_path, [row(notified="")]), "--account", target)
    assert result.exit_code == 2 and "第 2 行（列“通报日期”）：账号“佳县水利”的整改事项缺少通报日期或发现日期" in result.output


def test_a_ledger_without_account_name_column_is_an_error(tmp_path):
    target = account(tmp_path, WATER)
    path = csv_file(tmp_path / "l.csv", [["序号", "问题描述", "通报日期"], ["1", "甲", "2025-06-03"]])
    result = run_import(path, "--account", target)
    assert result.exit_code == 2 and "缺少账号名称列" in result.output and "--map 列名=name" in result.output


def test_other_headers_through_map(tmp_path):
    target = account(tmp_path, WATER)
    path = csv_file(tmp_path / "l.csv", [["单位账号", "问题描述", "发现时间", "办结日期"],
                                         ["佳县水利", "甲", "2025-06-03 10:00", "2025-06-04"]])
    result = run_import(path, "--account", target, "--map", "单位账号=name", "--map", "发现时间=notified_on",
                        "--map", "办结日期=rectified_on")
    assert result.exit_code == 0, result.output
    assert (items(target)[0].notified_on, items(target)[0].rectified_on) == (date(2025, 6, 3), date(2025, 6, 4))


def test_a_map_to_a_field_the_ledger_has_not_is_an_error(tmp_path):
    target = account(tmp_path, WATER)
    result = run_import(LEDGER, "--account", target, "--map", "问题描述=title")
    assert result.exit_code == 2 and "没有字段 'title'" in result.output


def test_an_xlsx_ledger_with_date_cells_and_a_title_row(tmp_path):
    target = account(tmp_path, WATER)
    rows = [HEADER, [1, "佳县水利", "微信", "甲", "通报", "", datetime(2025, 6, 3), datetime(2025, 6, 10),
                     datetime(2025, 6, 9), "截图", "佳县水利局"]]
    result = run_import(xlsx(tmp_path / "台账.xlsx", rows, [["整改台账"]]), "--account", target)
    assert result.exit_code == 0, result.output
    item = items(target)[0]
    assert (item.notified_on, item.due_on, item.rectified_on, item.evidence) == (
        date(2025, 6, 3), date(2025, 6, 10), date(2025, 6, 9), "截图")


def test_a_merged_cell_is_the_value_of_each_row_it_covers(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for cells in (["整改台账"], ["序号", "账号名称", "平台", "问题描述", "通报文号", "通报日期"],
                  [1, "佳县水利", "微信", "甲", "A〔2025〕1号", "2025-06-03"], [2, None, None, "乙", None, None],
                  [3, "佳县发布", "微信", "丙", "A〔2025〕1号", "2025-06-03"]):
        sheet.append(cells)
    for cells in ("A1:F1", "B3:B4", "C3:C4", "E3:E5", "F3:F5"):
        sheet.merge_cells(cells)
    book.save(tmp_path / "台账.xlsx")
    target = account(tmp_path, WATER)
    result = run_import(tmp_path / "台账.xlsx", "--account", target)
    assert result.exit_code == 0, result.output
    assert [(i.item, i.ref, i.notified_on) for i in items(target)] == [("甲", "A〔2025〕1号", date(2025, 6, 3)),
                                                                       ("乙", "A〔2025〕1号", date(2025, 6, 3))]
    assert "台账中其他账号的行 1 行（佳县发布 1 行）" in result.output


def test_overlapping_merged_ranges_are_refused_not_multiplied():
    from govmedia_lint.importing.errors import ImportFailure
    from govmedia_lint.importing.readers import Table
    from govmedia_lint.importing.rectifications import _fill_merged

    rows = [["账号名称", "问题描述"], ["佳县水利", "甲"], ["", "乙"]]
    table = Table("t.xlsx", "xlsx", [list(r) for r in rows], [1, 2, 3], merged=[((1, 0), (2, 0))])
    _fill_merged(table)
    assert table.rows[2] == ["佳县水利", "乙"]
    whole = ((0, 0), (2, 1))
    table = Table("t.xlsx", "xlsx", [list(r) for r in rows], [1, 2, 3], merged=[whole] * 1000)
    with pytest.raises(ImportFailure, match="相互重叠"):
        _fill_merged(table)


# ── merging ─────────────────────────────────────────────────────────────────────────────────────────────────────

def test_the_same_ledger_again_is_byte_identical_and_not_written(tmp_path):
    target = account(tmp_path, WATER)
    run_import(LEDGER, "--account", target)
    before, stamp = target.read_bytes(), target.stat().st_mtime_ns
    result = run_import(LEDGER, "--account", target)
    assert result.exit_code == 0 and "新增 0，更新 0，未变 3" in result.output and "无需修改" in result.output
    assert target.read_bytes() == before and target.stat().st_mtime_ns == stamp


def test_a_later_ledger_completes_the_item_and_adds_the_new_ones(tmp_path):
    target = account(tmp_path, WATER + "rectifications:\n  # 通报整改（手工登记）\n"
                     "  - {item: 栏目长期未更新。, source: notice, notified_on: 2025-06-03, due_within: 5wd}  # 注\n")
    rows = [row(done="2025-06-09", evidence="整改报告"), row(item="新问题", notified="2025-06-02", due="10日")]
    result = run_import(ledger(tmp_path, rows), "--account", target)
    assert result.exit_code == 0, result.output
    assert "新增 1，更新 1，未变 0" in result.output
    text = target.read_text(encoding="utf-8")
    assert "  # 通报整改（手工登记）\n" in text
    line = next(line for line in text.splitlines() if "栏目长期未更新。" in line)
    assert line.startswith("  - {item: 栏目长期未更新。, source: notice, notified_on: 2025-06-03, due_within: 5wd, "
                           "rectified_on: 2025-06-09, evidence: 整改报告}") and line.endswith("# 注")
    assert [i.item for i in items(target)] == ["新问题", "栏目长期未更新。"]  # in notified_on order


def test_a_different_value_is_a_conflict_and_the_files_value_is_kept(tmp_path):
    original = WATER + ("rectifications:\n  - {item: 栏目长期未更新, source: self_check, notified_on: 2025-06-03, "
                        "due_on: 2025-06-10, rectified_on: 2025-06-05}\n")
    target = account(tmp_path, original)
    result = run_import(ledger(tmp_path, [row(done="2025-06-06")]), "--account", target)
    assert result.exit_code == 0, result.output
    assert "第 11 行 2025-06-03 通知的整改事项“栏目长期未更新” 的 rectified_on：登记为 2025-06-05，导入数据为 2025-06-06" \
        in result.output
    assert "的 source：登记为 自查，导入数据为 通报" in result.output
    assert "的 due_on：登记为 2025-06-10，导入数据为 5wd" in result.output  # one deadline, stated two ways
    assert target.read_text(encoding="utf-8") == original


def test_an_import_never_deletes_an_item(tmp_path):
    target = account(tmp_path, WATER + "rectifications:\n  - {item: 手工登记的问题, notified_on: 2025-05-01}\n")
    run_import(ledger(tmp_path, [row()]), "--account", target)
    assert [i.item for i in items(target)] == ["手工登记的问题", "栏目长期未更新"]


def test_identity_is_the_notice_day_and_the_problem_and_a_differing_ref_is_another_item(tmp_path):
    target = account(tmp_path, WATER)
    rows = [row(ref="A〔2025〕1号"), row(ref="A〔2025〕2号"), row(notified="2025-06-04"), row(item="栏目 长期未更新。")]
    result = run_import(ledger(tmp_path, rows), "--account", target)
    assert result.exit_code == 0, result.output
    assert [(i.ref, i.notified_on.day) for i in items(target)] == [("A〔2025〕1号", 3), ("A〔2025〕2号", 3), (None, 4)]
    assert "同时符合登记文件中的 本次新增的一项、本次新增的一项" in result.output  # the 4th row: no ref, two items


def test_the_dry_run_lists_the_changes_and_writes_nothing(tmp_path):
    target = account(tmp_path, WATER)
    before = target.read_bytes()
    result = run_import(LEDGER, "--account", target, "--dry-run")
    assert result.exit_code == 0 and target.read_bytes() == before
    assert "新增 2025-06-03 通知的整改事项“留言超过5个工作日未答复”（rectification_ledger.csv 第 5 行（序号 2））" \
        in result.output


def test_the_list_is_placed_before_waivers_and_data_coverage(tmp_path):
    target = account(tmp_path, WATER + "waivers:\n  - {rule: JX-UPDATE-WEEKLY, reason: 试运行}\n")
    run_import(ledger(tmp_path, [row()]), "--account", target)
    text = target.read_text(encoding="utf-8")
    assert text.index("rectifications:") < text.index("waivers:")


HOSTILE = ["yes", "on", "09:30", "~", "null", "?问", ":开头", "a: b", "题 #注", "'引号'", "\"双引号\"", "{花括号}",
           "[方括号]", "逗号, 分隔", "&锚", "!标签", "带\t制表符", "零宽\u200b字符", "行\u2028分隔", "多\n行"]


def test_hostile_texts_load_alike_in_pyyaml_and_yamllint(tmp_path):
    target = account(tmp_path, WATER)
    rows = [row(item=text, ref=text, done="2025-06-05", evidence=text, number=str(n)) for n, text in enumerate(HOSTILE)]
    result = run_import(ledger(tmp_path, rows), "--account", target)
    assert result.exit_code == 0, result.output
    assert_loads_everywhere(target)
    assert [i.evidence for i in items(target)] == [text.strip() for text in HOSTILE]


def test_the_sample_chain_account_takes_the_sample_ledger(tmp_path):
    target = tmp_path / "佳县水利.yaml"
    shutil.copy(DATA / "jiaxian_water.yaml", target)
    assert run_import(LEDGER, "--account", target).exit_code == 0
    assert_loads_everywhere(target)


def test_the_generic_csv_source_takes_the_preset_and_refuses_a_ledger_field_without_it(tmp_path):
    target = account(tmp_path, WATER)
    run = CliRunner().invoke(app, ["import", "csv", str(LEDGER), "--preset", "rectification-ledger",
                                   "--account", str(target)])
    assert run.exit_code == 0, run.output
    assert len(items(target)) == 3
    refused = CliRunner().invoke(app, ["import", "csv", str(LEDGER), "--map", "问题描述=item", "--account", str(target)])
    assert refused.exit_code == 2 and "rectification-ledger" in refused.output
