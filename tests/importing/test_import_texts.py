"""``import`` keeps each post's text in the account's text store, and ``check`` reads it.

The same article from the WeChat API (``content``, HTML) and from wechat-article-exporter's xlsx (文章内容) is the
same text under the same key, so ``check`` gives the same findings; re-importing changes nothing; comments and
hand-entered fields stay; the store loads in PyYAML and yamllint.
"""

import json
import shutil

import yaml
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from importfiles import ACCOUNT, DATA, account, csv_file, xlsx
from written import assert_loads_everywhere

URL = "http://mp.weixin.qq.com/s?__biz=MzA4ODQ2MDgxMA==&mid=2247483720&idx=1&sn=3f1c0a9d2b7e4c51"
URL2 = "http://mp.weixin.qq.com/s?__biz=MzA4ODQ2MDgxMA==&mid=2247483726&idx=1&sn=c07e5b1a94d23f88"
HTML = ('<section><p>县水利局走访了村长和困难群众。</p><p>失主身份证号 11010519491231002X，请来领取。</p>'
        '<p><img data-src="http://mmbiz.qpic.cn/x/0?wx_fmt=jpeg"></p>'
        '<p>佳县红枣<a href="https://item.jd.com/1.html">购买</a>&nbsp;链接</p></section>')
PLAIN = "县水利局走访了村长和困难群众。\n失主身份证号 11010519491231002X，请来领取。\n佳县红枣购买 链接\nhttps://item.jd.com/1.html"
HTML2 = "<p>全县巡查河道堤防32处。</p>"


def run(*args):
    return CliRunner().invoke(app, [*map(str, args)])


def _freepublish(path):
    items = [{"article_id": "A", "update_time": 1748827800, "content": {"news_item": [
        {"title": "佳县水利局工作动态（6月2日）", "author": "刘小燕", "content": HTML, "url": URL, "is_deleted": False}]}},
        {"article_id": "B", "update_time": 1749027900, "content": {"news_item": [
            {"title": "佳县水利局工作动态（6月4日）", "content": HTML2, "url": URL2, "is_deleted": False}]}}]
    path.write_text(json.dumps({"total_count": 2, "item_count": 2, "item": items}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def _exporter(path, first=PLAIN, second="全县巡查河道堤防32处。"):
    header = ["公众号", "ID", "链接", "标题", "封面", "摘要", "创建时间", "发布时间", "阅读", "点赞", "分享", "喜欢",
              "留言", "作者", "是否原创", "文章类型", "所属合集", "文章内容"]
    rows = [header,
            ["佳县水利", "2247483720_1", URL, "佳县水利局工作动态（6月2日）", "", "", "2025-06-02 09:28:00",
             "2025-06-02 09:30:00", 412, 2, 23, 1, 3, "刘小燕", "原创", "普通图文", "", first],
            ["佳县水利", "2247483726_1", URL2, "佳县水利局工作动态（6月4日）", "", "", "2025-06-04 17:00:00",
             "2025-06-04 17:05:00", 365, 2, 17, 1, 1, "刘小燕", "", "普通图文", "", second]]
    return xlsx(path, rows)


def _text_findings(target):
    out = run("check", target, "--as-of", "2025-06-30", "--no-cache", "--format", "json")
    found = [f for f in json.loads(out.stdout)["findings"] if "-TEXT-" in f["rule"]]
    return sorted((f["rule"], f["line"], f["message"], json.dumps(f["evidence"], ensure_ascii=False, sort_keys=True))
                  for f in found)


def test_the_same_posts_from_the_api_json_and_the_exporter_xlsx_give_the_same_findings(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    from_api = account(tmp_path / "a", name="佳县水利.yaml")
    from_xlsx = account(tmp_path / "b", name="佳县水利.yaml")
    assert run("import", "wechat-api", _freepublish(tmp_path / "fp.json"), "--account", from_api).exit_code == 0
    done = run("import", "csv", "--preset", "wechat-exporter", _exporter(tmp_path / "微信公众号文章.xlsx"),
               "--account", from_xlsx)
    assert done.exit_code == 0, done.output
    assert "正文（文本库）：新增 2" in done.output
    store_a = (tmp_path / "a" / "佳县水利.texts" / "2025.yaml").read_text(encoding="utf-8")
    store_b = (tmp_path / "b" / "佳县水利.texts" / "2025.yaml").read_text(encoding="utf-8")
    assert store_a == store_b
    texts = yaml.safe_load(store_a)
    assert texts == {"wx-2247483720-1": PLAIN, "wx-2247483726-1": "全县巡查河道堤防32处。"}
    found = _text_findings(from_api)
    assert found == _text_findings(from_xlsx)
    rules = {f[0] for f in found}
    assert {"JX-TEXT-WORDING", "JX-TEXT-COMMERCIAL-LINK"} <= rules  # 村长 → 村主任; a jd.com link
    assert "11010519491231002X" not in json.dumps(found, ensure_ascii=False)  # masked in the evidence


def test_reimport_is_idempotent_and_keeps_comments_and_hand_entered_fields(tmp_path):
    target = account(tmp_path, name="佳县水利.yaml")
    source = _freepublish(tmp_path / "fp.json")
    assert run("import", "wechat-api", source, "--account", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "# 手工录入的一条：编辑和审核人只在这里" in text and "# 行尾注释" in text
    assert "editor: 刘小燕, reviewers: [张卫东, 王建国]" in text and "text_ref: wx-2247483720-1" in text
    store = tmp_path / "佳县水利.texts" / "2025.yaml"
    assert_loads_everywhere(store)
    before = (target.read_bytes(), store.read_bytes(), store.stat().st_mtime_ns)
    again = run("import", "wechat-api", source, "--account", target)
    assert "无需修改" in again.output and "未变 2" in again.output
    assert (target.read_bytes(), store.read_bytes(), store.stat().st_mtime_ns) == before
    # the exporter's copy of the same posts: the same keys, nothing new
    third = run("import", "csv", "--preset", "wechat-exporter", _exporter(tmp_path / "e.xlsx"), "--account", target)
    assert third.exit_code == 0 and "正文（文本库）：新增 0，更新 0，未变 2" in third.output
    assert store.read_bytes() == before[1]


def test_an_edited_text_updates_the_store_and_a_hand_written_text_stays(tmp_path):
    target = account(tmp_path, ACCOUNT.replace("reviewers: [张卫东, 王建国]}", "reviewers: [张卫东, 王建国], text: 手写正文}"),
                     name="佳县水利.yaml")
    done = run("import", "csv", "--preset", "wechat-exporter", _exporter(tmp_path / "e.xlsx"), "--account", target)
    assert done.exit_code == 0, done.output
    assert "1 篇保留登记文件中手工填写的 text" in done.output
    assert "text: 手写正文" in target.read_text(encoding="utf-8")
    store = tmp_path / "佳县水利.texts" / "2025.yaml"
    assert yaml.safe_load(store.read_text(encoding="utf-8")) == {"wx-2247483726-1": "全县巡查河道堤防32处。"}
    edited = run("import", "csv", "--preset", "wechat-exporter",
                 _exporter(tmp_path / "e2.xlsx", second="全县巡查河道堤防35处。"), "--account", target)
    assert "更新 1" in edited.output
    assert "35处" in store.read_text(encoding="utf-8")


def test_weibo_crawler_text_and_a_mapped_csv_column(tmp_path):
    weibo = account(tmp_path, ACCOUNT.replace("platform: wechat", "platform: weibo")
                    .replace("gh_0123456789ab", "5123456789"), name="佳县发布.yaml")
    done = run("import", "weibo", DATA / "weibo_crawler_5123456789.csv", "--account", weibo)
    assert done.exit_code == 0, done.output
    store = yaml.safe_load((tmp_path / "佳县发布.texts" / "2025.yaml").read_text(encoding="utf-8"))
    assert store["weibo-5173628273754324"] == "佳县今日防汛工作动态：全县巡查河道堤防32处。"
    assert "text_ref: weibo-5173628273754324" in weibo.read_text(encoding="utf-8")

    other = account(tmp_path, name="其他.yaml")
    table = csv_file(tmp_path / "posts.csv", [["date", "title", "正文"],
                                              ["2025-06-09", "通知", "请拨打 13812345678 咨询。"]])
    done = run("import", "csv", table, "--preset", "posts", "--account", other)
    assert done.exit_code == 0, done.output
    texts = yaml.safe_load(next((tmp_path / "其他.texts").glob("*.yaml")).read_text(encoding="utf-8"))
    assert list(texts.values()) == ["请拨打 13812345678 咨询。"]
    mapped = run("import", "csv", csv_file(tmp_path / "m.csv", [["date", "title", "内容"],
                                                                ["2025-06-10", "提示", "汛期注意安全。"]]),
                 "--map", "内容=text", "--account", other)
    assert mapped.exit_code == 0, mapped.output
    texts = yaml.safe_load(next((tmp_path / "其他.texts").glob("*.yaml")).read_text(encoding="utf-8"))
    assert sorted(texts.values()) == ["汛期注意安全。", "请拨打 13812345678 咨询。"]


def test_a_broken_store_is_an_error_not_a_traceback(tmp_path):
    target = account(tmp_path, name="佳县水利.yaml")
    (tmp_path / "佳县水利.texts").mkdir()
    (tmp_path / "佳县水利.texts" / "2025.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    before = target.read_bytes()
    done = run("import", "wechat-api", _freepublish(tmp_path / "fp.json"), "--account", target)
    assert done.exit_code == 2 and "文本库" in done.output and "Traceback" not in done.output
    assert target.read_bytes() == before


def test_the_sample_api_responses_without_content_write_no_store(tmp_path):
    target = tmp_path / "佳县水利.yaml"
    shutil.copy(DATA / "jiaxian_water.yaml", target)
    assert run("import", "wechat-api", DATA / "wechat_freepublish_batchget.json", "--account", target).exit_code == 0
    assert not (tmp_path / "佳县水利.texts").exists()
