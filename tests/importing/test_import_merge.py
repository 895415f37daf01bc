"""Merging into an account file: nothing the file says is lost, nothing is invented, re-importing changes nothing."""

import os

from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.loading import load_account_text
from importfiles import ACCOUNT, DATA, WECHAT_ROWS, account, csv_file, xlsx


def run_import(*args):
    return CliRunner().invoke(app, ["import", *map(str, args)])


def doc(path):
    return load_account_text(path.read_text(encoding="utf-8"), str(path)).document


def export(tmp_path, rows=WECHAT_ROWS, name="e.xlsx"):
    return xlsx(tmp_path / name, rows)


def test_comments_key_order_and_hand_fields_survive(tmp_path):
    target = account(tmp_path)
    assert run_import("wechat-analytics", export(tmp_path), "--account", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith(ACCOUNT.split("  - {")[0])  # every line above the first post, comments included
    hand = text.splitlines()[12]
    assert hand.startswith("  - {date: 2025-06-02, title: 佳县水利局工作动态（6月2日）, editor: 刘小燕, "
                           "reviewers: [张卫东, 王建国]")
    assert hand.endswith("# 行尾注释")
    assert "url: 'http://mp.weixin.qq.com/s?__biz=MzA4ODQ2MDgxMA==&mid=2247483720" in hand  # quoted: YAML 1.1 readers
    first = doc(target).posts[0]
    assert (first.editor, first.reviewers) == ("刘小燕", ["张卫东", "王建国"])


def test_new_posts_are_one_flow_mapping_per_line_and_carry_no_invented_fact(tmp_path):
    target = account(tmp_path)
    run_import("wechat-analytics", export(tmp_path), "--account", target)
    lines = [line for line in target.read_text(encoding="utf-8").splitlines() if line.startswith("  - {")]
    assert len(lines) == 5
    for post in doc(target).posts[1:]:
        assert post.editor is None and post.reviewers is None and post.original is None
        assert post.review_record_kept is None and post.source_approved is None


def test_reimporting_the_same_export_is_byte_identical_and_does_not_rewrite(tmp_path):
    target = account(tmp_path)
    run_import("wechat-analytics", export(tmp_path), "--account", target)
    before, stamp = target.read_bytes(), target.stat().st_mtime_ns
    result = run_import("wechat-analytics", export(tmp_path), "--account", target)
    assert result.exit_code == 0 and "新增 0，更新 0，未变 5" in result.output and "无需修改" in result.output
    assert target.read_bytes() == before and target.stat().st_mtime_ns == stamp


def test_an_overlapping_export_adds_only_the_new_posts_in_date_order(tmp_path):
    target = account(tmp_path)
    run_import("wechat-analytics", export(tmp_path, WECHAT_ROWS[:4]), "--account", target)
    assert len(doc(target).posts) == 3
    result = run_import("wechat-analytics", export(tmp_path, [WECHAT_ROWS[0], *WECHAT_ROWS[3:]], "e2.xlsx"),
                        "--account", target)
    assert "新增 2，更新 0，未变 1" in result.output
    assert [p.day.isoformat() for p in doc(target).posts] == ["2025-06-02", "2025-06-02", "2025-06-04", "2025-06-06",
                                                                "2025-06-09"]


def test_new_posts_go_in_date_order_among_existing_ones(tmp_path):
    text = ACCOUNT + "  - {date: 2025-06-05 10:00, title: 手工登记的一条}\n  - {date: 2025-06-30, title: 月末}\n"
    target = account(tmp_path, text)
    run_import("wechat-analytics", export(tmp_path), "--account", target)
    days = [p.day.isoformat() for p in doc(target).posts]
    assert days == sorted(days) and len(days) == 7


def test_a_conflict_keeps_the_hand_value_and_is_reported(tmp_path):
    text = ACCOUNT.replace("title: 佳县水利局工作动态（6月2日）",
                           "title: 佳县水利局工作动态（6月2日）, url: http://mp.weixin.qq.com/s?__biz=MzA4ODQ2MDgxMA==&mid="
                           "2247483720&idx=1&sn=3f1c0a9d2b7e4c51, original: true")
    target = account(tmp_path, text.replace("工作动态（6月2日）,", "工作动态（六月二日）,"))
    rows = [*WECHAT_ROWS[:2]]
    result = run_import("wechat-analytics", export(tmp_path, rows), "--account", target)
    assert "冲突 1" in result.output
    assert ("title：登记为 佳县水利局工作动态（六月二日），导入数据为 佳县水利局工作动态（6月2日）（e.xlsx 第 2 行）"
            in result.output)
    assert doc(target).posts[0].title == "佳县水利局工作动态（六月二日）"


def test_a_day_and_a_time_of_the_same_post_are_one_post_and_the_time_is_kept(tmp_path):
    target = account(tmp_path)
    run_import("wechat-analytics", export(tmp_path), "--account", target)
    result = run_import("wechat-api", DATA / "wechat_freepublish_batchget.json", "--account", target)
    assert "信息 posts：新增 0，更新 5" in result.output
    posts = doc(target).posts
    assert len(posts) == 5 and posts[0].when == "2025-06-02 09:30"
    # and the other way round: the day-only export after the timed post changes nothing
    before = target.read_bytes()
    run_import("wechat-analytics", export(tmp_path), "--account", target)
    assert target.read_bytes() == before


def test_dry_run_reports_and_changes_nothing(tmp_path):
    target = account(tmp_path)
    before = target.read_bytes()
    result = run_import("wechat-analytics", export(tmp_path), "--account", target, "--dry-run")
    assert result.exit_code == 0 and "试运行" in result.output
    assert "新增 4，更新 1，未变 0，未匹配 0，冲突 0" in result.output
    assert "  更新 第 13 行 《佳县水利局工作动态（6月2日）》（2025-06-02）：url（e.xlsx 第 2 行）" in result.output
    assert "  新增 《转载：水利部发布汛期安全提示》（2025-06-02）（e.xlsx 第 3 行）" in result.output
    assert target.read_bytes() == before


def test_write_is_atomic_keeps_permissions_and_leaves_no_temporary_file(tmp_path):
    target = account(tmp_path)
    os.chmod(target, 0o640)
    run_import("wechat-analytics", export(tmp_path), "--account", target)
    assert oct(target.stat().st_mode & 0o777) == "0o640"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acc.yaml", "e.xlsx"]


def test_a_symlinked_account_file_is_refused(tmp_path):
    real = account(tmp_path, name="real.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    before = real.read_bytes()
    result = run_import("wechat-analytics", export(tmp_path), "--account", link)
    assert result.exit_code == 2 and "符号链接" in result.output and real.read_bytes() == before


def test_an_invalid_account_file_is_not_touched(tmp_path):
    target = account(tmp_path, ACCOUNT.replace("opened_on: 2025-06-01", "opend_on: 2025-06-01"))
    before = target.read_bytes()
    result = run_import("wechat-analytics", export(tmp_path), "--account", target)
    assert result.exit_code == 2 and "请先修正" in result.output and target.read_bytes() == before


def test_a_file_without_posts_gets_a_posts_list(tmp_path):
    target = account(tmp_path, ACCOUNT.split("posts:")[0] + "posts: []\n")
    assert run_import("wechat-analytics", export(tmp_path), "--account", target).exit_code == 0
    assert len(doc(target).posts) == 5


def test_block_style_register_keeps_its_indentation(tmp_path):
    text = (ACCOUNT.split("posts:")[0]
            + "posts:\n- date: 2025-06-02\n  title: 佳县水利局工作动态（6月2日）\n  editor: 刘小燕\n")
    target = account(tmp_path, text)
    run_import("wechat-analytics", export(tmp_path), "--account", target)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert "- date: 2025-06-02" in lines and "  editor: 刘小燕" in lines and len(doc(target).posts) == 5


# ── ledgers ─────────────────────────────────────────────────────────────────────────────────────────────────────

def test_review_ledger_completes_matching_posts_and_reports_unmatched_rows(tmp_path):
    target = account(tmp_path)
    run_import("wechat-analytics", export(tmp_path), "--account", target)
    rows = [["审签台账（2025年6月）"],
            ["序号", "信息标题", "发布日期", "链接", "责任编辑", "初审", "复审", "终审", "审签单留存", "是否原创",
             "来源"],
            ["1", "转载：水利部发布汛期安全提示", "2025-06-02", "", "刘小燕", "张卫东", "王建国", "高建军", "是", "否",
             "水利部"],
            ["2", "（标题以链接为准）", "", "http://mp.weixin.qq.com/s?__biz=MzA4ODQ2MDgxMA==&mid=2247483731&idx=1&sn=5d9",
             "刘小燕", "张卫东", "", "高建军", "是", "是", ""],
            ["3", "没有发布的稿件", "2025-06-20", "", "刘小燕", "张卫东", "", "", "否", "", ""]]
    result = run_import("review-ledger", xlsx(tmp_path / "审签台账.xlsx", rows), "--account", target)
    assert result.exit_code == 2 and "缺少发布时间" in result.output  # row 2 has no date: an error, file untouched
    rows[3][2] = "2025-06-06"
    result = run_import("review-ledger", xlsx(tmp_path / "审签台账.xlsx", rows), "--account", target)
    assert result.exit_code == 0, result.output
    assert "新增 0，更新 2，未变 0，未匹配 1" in result.output
    assert "审签台账.xlsx 第 5 行：2025-06-20 没有发布的稿件 —— 登记文件中没有对应的信息" in result.output
    posts = {p.day.isoformat() + p.title[:2]: p for p in doc(target).posts}
    repost = posts["2025-06-02转载"]
    assert (repost.editor, repost.reviewers) == ("刘小燕", ["张卫东", "王建国", "高建军"])
    assert repost.review_record_kept is True
    assert (repost.original, repost.source) == (False, "水利部")
    assert posts["2025-06-06关于"].reviewers == ["张卫东", "高建军"]  # matched by URL; the ledger's title is its own
    assert len(doc(target).posts) == 5


def test_message_ledger_completes_comments_by_their_minute_and_adds_the_rest(tmp_path):
    target = account(tmp_path)
    run_import("wechat-api", DATA / "wechat_comment_list.json", "--account", target)
    rows = [["收到时间", "受理时间", "答复时间", "留言渠道", "留言摘要"],
            ["2025-06-02 20:05", "2025-06-03 09:00", "2025-06-05 11:20", "留言", "反映村内水渠堵塞"],
            ["2025-06-05 21:10", "2025-06-06 09:05", "2025-06-06 16:40", "后台消息", "投诉夜间堤坝无照明"]]
    result = run_import("message-ledger", csv_file(tmp_path / "留言台账.csv", rows), "--account", target)
    assert "留言 messages：新增 1，更新 1，未变 0，未匹配 0，冲突 1" in result.output  # the ledger's summary differs
    messages = {f"{m.received_at:%m-%d %H:%M}": m for m in doc(target).messages}
    assert f"{messages['06-02 20:05'].acknowledged_at:%m-%d %H:%M}" == "06-03 09:00"
    assert messages["06-02 20:05"].summary == "村里的水渠堵了找谁？"
    assert messages["06-05 21:10"].channel == "后台消息"


def test_every_sample_register_file_changes_only_by_the_added_line(tmp_path):
    """Round-trip fidelity on real files: the examples and a year-long sample account (the slowest to round-trip)."""
    import difflib
    from pathlib import Path

    root = Path(__file__).parents[2]
    examples = [p for p in sorted(root.glob("examples/*/*.yaml"))
                if any(line.startswith("account:") for line in p.read_text(encoding="utf-8").splitlines())]
    files = [root / "accounts" / "jiaxian" / "佳县发布-微信.yaml", *examples]
    row = csv_file(tmp_path / "one.csv", [["date", "title"], ["2026-11-30", "导入测试"]])
    for index, source in enumerate(files):
        target = account(tmp_path, source.read_text(encoding="utf-8-sig"), f"a{index}.yaml")
        before = target.read_text(encoding="utf-8").splitlines()
        assert run_import("csv", row, "--account", target).exit_code == 0, source
        diff = [line for line in difflib.ndiff(before, target.read_text(encoding="utf-8").splitlines())
                if line[:1] in "+-?"]
        if diff[:1] == ["+ posts:"]:
            diff = diff[1:]  # a file without posts gains the list
        coverage = [line for line in diff if "data_coverage" in line or "through: 2026-11-30" in line]
        assert len(coverage) == 2, (source, diff)  # and says how far its posts go
        diff = [line for line in diff if line not in coverage]
        assert len(diff) == 1 and diff[0].startswith("+ ") and "导入测试" in diff[0], (source, diff)


def test_a_round_trip_rewrite_of_a_crlf_file_keeps_crlf_on_every_line(tmp_path):
    """A Windows file whose post is a block mapping is rewritten round-trip (ruamel writes LF): every line of the
    result still ends in CRLF, so git shows the import's lines and not the whole file as changed."""
    block = (ACCOUNT.split("  - {")[0]
             + "  - date: 2025-06-02\n    title: 佳县水利局工作动态（6月2日）\n    editor: 刘小燕  # 行尾注释\n")
    target = tmp_path / "acc.yaml"
    target.write_bytes(block.replace("\n", "\r\n").encode("utf-8"))
    assert run_import("wechat-analytics", export(tmp_path), "--account", target).exit_code == 0
    raw = target.read_bytes()
    bare = raw.replace(b"\r\n", b"")
    assert b"\n" not in bare and b"\r" not in bare and raw.count(b"\r\n") > block.count("\n")
    assert raw.startswith(ACCOUNT.split("  - {")[0].replace("\n", "\r\n").encode("utf-8"))
    assert "# 行尾注释" in raw.decode("utf-8")
    posts = doc(target).posts
    assert len(posts) == 5 and posts[0].editor == "刘小燕"  # the hand-entered post updated, four added


def test_a_ledger_time_completes_a_message_logged_by_day_only(tmp_path):
    target = account(tmp_path, ACCOUNT + "messages:\n  - {received_at: 2025-06-02, summary: 反映村内水渠堵塞}\n")
    rows = [["收到时间", "答复时间", "留言摘要"], ["2025-06-02 20:05", "2025-06-05 11:20", "反映村内水渠堵塞"]]
    result = run_import("message-ledger", csv_file(tmp_path / "l.csv", rows), "--account", target)
    assert "新增 0，更新 1" in result.output
    (message,) = doc(target).messages
    assert f"{message.received_at:%Y-%m-%d %H:%M}" == "2025-06-02 20:05" and message.replied_at is not None


def test_appending_after_the_last_post_keeps_crlf_line_endings_and_a_bom(tmp_path):
    target = tmp_path / "acc.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + ACCOUNT.replace("\n", "\r\n").encode("utf-8"))
    rows = [WECHAT_ROWS[0], *WECHAT_ROWS[4:]]  # later than the hand-entered post: appended as text
    assert run_import("wechat-analytics", export(tmp_path, rows), "--account", target).exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + ACCOUNT.replace("\n", "\r\n").encode("utf-8"))
    # two posts and the posts' data_coverage (key and line)
    assert raw.count(b"\r\n") == ACCOUNT.count("\n") + 4 and b"\n" not in raw.replace(b"\r\n", b"")
    assert [p.day.isoformat() for p in doc(target).posts] == ["2025-06-02", "2025-06-06", "2025-06-09"]
