"""`govmedia-lint import wechat-analytics` / `csv`: every file shape the exports come in, and bad input.

The WeChat 数据分析 download is .xlsx, old OLE2 .xls or an HTML table named .xls (sniffed, not trusted by
extension), its header not always on row 1, 发表时间 a YYYYMMDD number or text or an Excel date; CSVs come in UTF-8,
UTF-8 with BOM and GB18030, and the encoding used is said.
"""

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.loading import load_account_text
from importfiles import PREAMBLE, WECHAT_ROWS, account, csv_file, html_xls, typed, xls, xlsx

EXPECTED = [("2025-06-02", "佳县水利局工作动态（6月2日）"), ("2025-06-02", "转载：水利部发布汛期安全提示"),
            ("2025-06-04", "佳县水利局工作动态（6月4日）"), ("2025-06-06", "关于开展汛前安全检查的通知"),
            ("2025-06-09", "佳县水利局工作动态（6月9日）")]


def run_import(*args):
    return CliRunner().invoke(app, ["import", *map(str, args)])


def posts(path):
    doc = load_account_text(path.read_text(encoding="utf-8"), str(path)).document
    return doc.posts


@pytest.mark.parametrize("build, name, date_as, preamble", [
    (xlsx, "export.xlsx", "int", []),
    (xlsx, "export.xls", "date", PREAMBLE),          # an xlsx named .xls, header on row 4, dates as Excel dates
    (xls, "export.xls", "int", PREAMBLE),            # old OLE2 .xls
    (xls, "export.xlsx", "date", []),                # OLE2 named .xlsx
    (html_xls, "export.xls", "text", PREAMBLE),      # an HTML table named .xls
    (csv_file, "export.csv", "text", PREAMBLE),
])
def test_wechat_export_in_every_shape_gives_the_same_posts(tmp_path, build, name, date_as, preamble):
    target = account(tmp_path)
    source = build(tmp_path / name, typed(WECHAT_ROWS, date_as), preamble)
    result = run_import("wechat-analytics", source, "--account", target)
    assert result.exit_code == 0, result.output
    assert f"表头在第 {len(preamble) + 1} 行" in result.output
    got = [(p.day.isoformat(), p.title) for p in posts(target)]
    assert got == EXPECTED
    assert all(not p.has_time for p in posts(target))  # the export has no time of day: none is invented
    assert "新增 4，更新 1" in result.output


def test_fourteen_column_variant_without_push_columns(tmp_path):
    rows = [[c for i, c in enumerate(row) if i not in (7, 9)] for row in WECHAT_ROWS]  # no 送达人数, 送达阅读率
    target = account(tmp_path)
    assert run_import("wechat-analytics", xlsx(tmp_path / "w-b.xlsx", rows), "--account", target).exit_code == 0
    assert len(posts(target)) == 5


def test_a_multi_article_push_is_several_posts_told_apart_by_idx(tmp_path):
    target = account(tmp_path)
    run_import("wechat-analytics", xlsx(tmp_path / "e.xlsx", typed(WECHAT_ROWS)), "--account", target)
    same_day = [p.url for p in posts(target) if p.day.isoformat() == "2025-06-02"]
    assert len(same_day) == 2 and "idx=1" in same_day[0] and "idx=2" in same_day[1]


@pytest.mark.parametrize("encoding, shown", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8（带 BOM）"),
                                             ("gb18030", "GB18030")])
def test_csv_encodings_are_detected_and_named(tmp_path, encoding, shown):
    target = account(tmp_path)
    result = run_import("wechat-analytics", csv_file(tmp_path / "e.csv", WECHAT_ROWS, encoding), "--account", target)
    assert result.exit_code == 0 and f"编码 {shown}" in result.output
    assert [p.title for p in posts(target)][1] == "转载：水利部发布汛期安全提示"


def test_bytes_in_no_known_encoding_are_an_error_not_a_guess(tmp_path):
    target = account(tmp_path)
    before = target.read_bytes()
    bad = tmp_path / "e.csv"
    bad.write_bytes("内容标题,发表时间\n".encode("utf-8") + b"\xff\xfe\xfa,20250602\n")
    result = run_import("wechat-analytics", bad, "--account", target)
    assert result.exit_code == 2 and "无法识别文本编码" in result.output
    assert target.read_bytes() == before


def test_an_impossible_date_names_file_row_and_column_and_leaves_the_account_alone(tmp_path):
    rows = [list(r) for r in WECHAT_ROWS]
    rows[3][1] = "20250231"
    target = account(tmp_path)
    before = target.read_bytes()
    result = run_import("wechat-analytics", xlsx(tmp_path / "e.xlsx", rows, PREAMBLE), "--account", target)
    assert result.exit_code == 2
    assert "e.xlsx 第 7 行（列“发表时间”）" in result.output and "20250231" in result.output
    assert "Traceback" not in result.output and target.read_bytes() == before


def test_no_header_row_is_an_error(tmp_path):
    target = account(tmp_path)
    result = run_import("wechat-analytics", csv_file(tmp_path / "e.csv", [["标题", "日期"], ["a", "20250602"]]),
                        "--account", target)
    assert result.exit_code == 2 and "找不到表头" in result.output and "内容标题" in result.output


@pytest.mark.parametrize("content", [b"PK\x03\x04garbage", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1garbage", b""])
def test_a_damaged_or_empty_file_is_an_error(tmp_path, content):
    bad = tmp_path / "e.xlsx"
    bad.write_bytes(content)
    result = run_import("wechat-analytics", bad, "--account", account(tmp_path))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_json_given_to_a_table_source_says_which_source_to_use(tmp_path):
    result = run_import("wechat-analytics", tmp_path.parent / "x", "--account", account(tmp_path))
    assert result.exit_code == 2 and "文件不存在" in result.output
    bad = tmp_path / "e.xls"
    bad.write_text('{"item": []}', encoding="utf-8")
    result = run_import("wechat-analytics", bad, "--account", account(tmp_path))
    assert result.exit_code == 2 and "wechat-api" in result.output


def test_importing_an_export_into_another_platforms_account_is_refused(tmp_path):
    target = account(tmp_path, open(account(tmp_path).as_posix()).read().replace("platform: wechat", "platform: weibo"))
    result = run_import("wechat-analytics", xlsx(tmp_path / "e.xlsx", WECHAT_ROWS), "--account", target)
    assert result.exit_code == 2 and "账号平台为 weibo" in result.output


# ── generic csv ─────────────────────────────────────────────────────────────────────────────────────────────────

def test_csv_with_column_maps(tmp_path):
    rows = [["序号", "标题", "发布时间", "责任编辑"], ["1", "县政府常务会议召开", "2025/6/3 14:05", "李娜"],
            ["2", "佳县天气预警信息", "2025年6月5日", "李娜"]]
    target = account(tmp_path)
    result = run_import("csv", csv_file(tmp_path / "own.csv", rows, "gb18030"), "--account", target,
                        "--map", "标题=title", "--map", "发布时间=date", "--map", "责任编辑=editor")
    assert result.exit_code == 0, result.output
    new = [p for p in posts(target) if p.editor == "李娜"]
    assert [(p.when, p.title) for p in new] == [("2025-06-03 14:05", "县政府常务会议召开"),
                                                ("2025-06-05", "佳县天气预警信息")]


def test_a_bad_map_option_is_an_error(tmp_path):
    result = run_import("csv", csv_file(tmp_path / "o.csv", [["a"]]), "--account", account(tmp_path),
                        "--map", "标题=titel")
    assert result.exit_code == 2 and "未知字段 'titel'" in result.output


def test_posts_csv_takes_only_this_accounts_rows(tmp_path):
    target = account(tmp_path)
    result = run_import("csv", tmp_path.parent / "none", "--account", target)
    assert result.exit_code == 2
    rows = [["platform", "account_id", "date", "title", "original", "source", "url", "editor", "reviewers"],
            ["wechat", "gh_0123456789ab", "2025-06-09", "佳县水利局工作动态（6月9日）", "", "", "", "", ""],
            ["weibo", "5123456789", "2025-06-12 14:30", "//转发：高考成绩查询时间请以官方发布为准", "false",
             "陕西省教育考试院", "", "", ""],
            ["wechat", "gh_0123456789ab", "2025-06-02 09:30", "转载：水利部发布汛期安全提示", "false", "水利部", "",
             "刘小燕", "张卫东;王建国"]]
    result = run_import("csv", csv_file(tmp_path / "posts.csv", rows), "--account", target)
    assert result.exit_code == 0 and "其他账号的数据 1 条" in result.output
    repost = next(p for p in posts(target) if p.title.startswith("转载"))
    assert (repost.original, repost.source, repost.reviewers) == (False, "水利部", ["张卫东", "王建国"])


def test_douyin_preset_through_csv_and_its_own_source(tmp_path):
    douyin = account(tmp_path, open(account(tmp_path)).read().replace("platform: wechat", "platform: douyin"), "d.yaml")
    rows = [["作品名称", "发布时间", "体裁", "审核状态", "播放量"],
            ["佳县汛前安全检查现场", "2025-06-12 14:30", "视频", "审核通过", 15230]]
    source = xlsx(tmp_path / "douyin.xlsx", rows)
    assert run_import("csv", source, "--preset", "douyin", "--account", douyin, "--dry-run").exit_code == 0
    result = run_import("douyin", source, "--account", douyin)
    assert result.exit_code == 0 and "新增 1" in result.output
    assert posts(douyin)[-1].when == "2025-06-12 14:30"


def test_messages_csv_is_recognised_by_its_columns_and_filtered_by_account(tmp_path):
    rows = [["platform", "account_id", "channel", "received_at", "acknowledged_at", "replied_at", "summary"],
            ["wechat", "gh_0123456789ab", "留言", "2025-06-02 15:42", "", "2025-06-03 08:15", "询问汛期禁游河段"],
            ["weibo", "5123456789", "私信", "2025-06-09 10:40", "", "", "咨询汛前检查时间"],
            ["douyin", "", "评论", "2025-06-12 15:02", "", "2025-06-13 09:30", "询问检查覆盖范围"]]
    target = account(tmp_path)
    result = run_import("csv", csv_file(tmp_path / "messages.csv", rows), "--account", target)
    assert result.exit_code == 0 and "留言 messages：新增 1" in result.output and "其他账号的数据 2 条" in result.output
    doc = load_account_text(target.read_text(encoding="utf-8"), "a").document
    assert [(m.channel, m.summary) for m in doc.messages] == [("留言", "询问汛期禁游河段")]


@pytest.mark.parametrize("args, message", [
    (["weixin", "e.csv"], "未知的导入来源 'weixin'"),
    (["csv", "e.csv", "--preset", "kuaishou"], "没有名为 'kuaishou' 的预设"),
])
def test_unknown_source_or_preset_is_a_usage_error(tmp_path, args, message):
    csv_file(tmp_path / "e.csv", WECHAT_ROWS)
    result = run_import(*[tmp_path / a if a == "e.csv" else a for a in args], "--account", account(tmp_path))
    assert result.exit_code == 2 and message in result.output


def test_csv_reads_common_chinese_headers_without_map(tmp_path):
    from importfiles import account, csv_file
    from typer.testing import CliRunner

    from govmedia_lint.cli.app import app
    from govmedia_lint.loading import load_account_text

    target = account(tmp_path)
    rows = [["标题", "发布日期", "链接"], ["常见表头", "2025-06-20", "http://example.cn/a"]]
    result = CliRunner().invoke(app, ["import", "csv", str(csv_file(tmp_path / "p.csv", rows)), "--account", str(target)])
    assert result.exit_code == 0, result.output
    posts = load_account_text(target.read_text(encoding="utf-8"), "x").document.posts
    assert (posts[-1].title, posts[-1].url, str(posts[-1].date)) == ("常见表头", "http://example.cn/a", "2025-06-20")
