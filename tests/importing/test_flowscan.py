"""Import reads an account file's one-line items as text (flowscan.py): the same data and positions the checker's
parser gives, on ordinary files and odd ones, and the same error where the file is not YAML."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govmedia_lint import loading
from govmedia_lint.importing.flowscan import parse_account_text

HEAD = """\
# 佳县水利局：账号事实手工登记
schema: govmedia-lint/v1
account:
  name: 佳县水利局
  platform: wechat
  account_id: gh_000000000001
  jurisdiction: jiaxian
  host_unit: 佳县水利局
  status: active
  opened_on: 2025-06-01
posts:
"""
POST = "  - {{date: 2025-06-{day:02d}, title: 工作动态（6月{day}日）, url: 'http://mp.weixin.qq.com/s?__biz=MzA==&mid={day}&idx=1'}}\n"


def posts(*days):
    return "".join(POST.format(day=day) for day in days)


def same(a, b):
    """Equal and of the same types all the way down (a date is not its text, an int that remembers ``0012``
    is not 12)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b and getattr(a, "raw", None) == getattr(b, "raw", None)


def outcome(parse, text):
    try:
        parsed = parse(text)
    except Exception as exc:  # noqa: BLE001 - the error is what is compared
        return ("error", type(exc).__name__, str(exc))
    return ("ok", parsed.data, parsed.positions)


def assert_as_loader(text):
    """The same data; the same positions, but for keys and list elements the scan leaves out, each on the line of
    the item it is in (which the loader falls back to); validated: the same document, lines and key lines."""
    expected, got = outcome(loading.parse_yaml_text, text), outcome(parse_account_text, text)
    if expected[0] == "error":
        assert got == expected
        return expected
    assert got[0] == "ok" and same(got[1], expected[1]), text
    positions, theirs = got[2], expected[2]
    assert {key: theirs.get(key) for key in positions} == positions, text
    for key in set(theirs) - set(positions):
        item = next(key[:end] for end in range(len(key) - 1, 0, -1) if key[:end] in positions)
        assert isinstance(item[-1], int) and theirs[key][0] == positions[item][0], (key, text)
    mine = loading.validate_document(loading.ParsedYaml(got[1], positions), "x")
    reference = loading.validate_document(loading.parse_yaml_text(text), "x")
    assert [(e.line, e.field, e.message) for e in mine.errors] == [(e.line, e.field, e.message) for e in reference.errors]
    if reference.document is not None:
        assert mine.document.model_dump() == reference.document.model_dump()
        for collection in ("posts", "messages"):
            for a, b in zip(getattr(mine.document, collection), getattr(reference.document, collection)):
                assert a.line == b.line
                assert [a.key_line(k) for k in type(a).model_fields] == [b.key_line(k) for k in type(b).model_fields]
    return expected


def read_here(text):
    """How many lines the scan read itself (the rest went to libyaml)."""
    count = 0
    real = loading.parse_yaml_text

    def counting(skeleton):
        nonlocal count
        count = skeleton.count(" - 0")
        return real(skeleton)

    try:
        loading.parse_yaml_text = counting
        parse_account_text(text)
    finally:
        loading.parse_yaml_text = real
    return count


def test_a_year_of_posts_reads_as_the_loader_reads_it():
    text = HEAD + "  # 手工录入\n" + posts(*range(1, 29)) + "  - {date: 2025-06-30, title: 转载, editor: 刘小燕, reviewers: [张卫东, 王建国]}\n"
    assert_as_loader(text)
    assert read_here(text) == 1  # one run of lines, one ``0`` for libyaml


@pytest.mark.parametrize("text", [
    HEAD + posts(1, 2) + "  - date: 2025-06-03\n    title: 手工多行录入\n    editor: 刘小燕\n" + posts(4, 5),  # hand-edited
    HEAD + posts(1) + "  # 注释\n\n" + posts(2) + "  - {date: 2025-06-03, title: x}  # 行尾注释\n" + posts(4),
    (HEAD + posts(1, 2, 3)).replace("\n", "\r\n"),  # CRLF
    HEAD.replace("posts:\n", "posts: [{date: 2025-06-01, title: 流式}, {date: 2025-06-02, title: b}]\n"),  # flow list
    HEAD + posts(1) + "notes: |\n  - {date: 2025-06-02, title: 块标量里的行}\n  - {a: b}\n",  # in a block scalar
    HEAD + posts(1) + "notes: \"多行\n  - {date: 2025-06-02, title: 引号里的行}\n  尾\"\n",  # in a quoted scalar
    HEAD + "  - {date: 2025-06-01, title: 续行}\n    接着写\n",  # a plain scalar's continuation: not YAML
    HEAD + "  - {date: 2025-06-01, title: a}\n  : b\n",
    HEAD + posts(1) + "  - {date: 2025-06-02, title: a, title: b}\n",  # duplicate key: the loader's error
    HEAD + posts(1) + posts(1),  # the same item twice: two items
    HEAD + "  - {date: 2025-02-30, title: 不存在的日期}\n",
    HEAD + "  - {date: 2025-06-02 09:30, title: 有时刻}\n  - {date: 2025-06-02T09:30:00, title: b}\n",
    HEAD + "  - {date: 2025-06-02, title: 0012, post_id: 13800000000, deleted: true, original: 否}\n",
    HEAD + "  - {date: 2025-06-02, title: 'it''s', url: '', editor: ~, reviewers: []}\n",
    HEAD + "  - {date: 2025-06-02, title: null, true: x, y: n, Null: 1}\n",
    HEAD + "  - {date: 2025-06-02, title: a?b, editor: a:b, source: a #b}\n",
    HEAD + "  - {date: 2025-06-02, title: a,}\n  - {date: 2025-06-03, title: b, reviewers: [a, ]}\n",
    HEAD + "  - {date: 2025-06-02, title: '  空格  ', editor:   多 空 格   , reviewers: [ 甲 ,'乙' ,丙]}\n",
    HEAD + "  - {date: 2025-06-02,title: 紧凑,editor: 甲}\n  -   {date: 2025-06-03, title: 宽}\n",
    HEAD + "  - {date: 2025-06-02, title: \"双引号\"}\n  - {date: 2025-06-03, title: \"a\\tb\"}\n",
    HEAD + "  - {date: 2025-06-02, title: 全角\u3000空格, editor: \u00a0不换行}\n",
    HEAD + "  - {date: 2025-06-02, title: tab\there}\n  - {date: 2025-06-03,\ttitle: x}\n",
    HEAD + "  - {date: 2025-06-02, title: 控制\x07字符}\n",
    HEAD + "  - {date: 2025-06-02, title: a}\u2028  - {date: 2025-06-03, title: b}\n",  # a line break libyaml knows
    HEAD + "  - {date: 2025-06-02, title: a\ufeff}\n",
    HEAD + "  - {date: 2025-06-02, title: a}\r  - {date: 2025-06-03, title: b}\n",  # a lone CR
    HEAD + "  - &one {date: 2025-06-02, title: 锚点}\n  - *one\n  - {<<: *one, title: 合并}\n",
    HEAD + "  - {date: 2025-06-02, title: {nested: map}}\n  - {date: 2025-06-03, title: [a, [b]]}\n",
    HEAD + "  - {}\n  - {date: 2025-06-02}\n",
    HEAD + "  - {" + ", ".join(f"k{n}: v" for n in range(20)) + "}\n",  # more keys than read here
    HEAD + "    - {date: 2025-06-01, title: 缩进不一}\n  - {date: 2025-06-02, title: b}\n",
    HEAD + posts(1) + "    - {date: 2025-06-02, title: 更深}\n",
    HEAD + posts(1, 2) + "- {date: 2025-06-03, title: 顶格}\n",
    "posts:\n- {date: 2025-06-01, title: 顶格}\n- {date: 2025-06-02, title: b}\nmessages:\n- {received_at: 2025-06-01, summary: a}\n",
    "- {date: 2025-06-01, title: 顶层是列表}\n- {date: 2025-06-02, title: b}\n",
    "- - {date: 2025-06-01, title: 列表里的列表}\n",
    HEAD + posts(1) + "---\n" + HEAD,  # two documents
    HEAD + posts(1) + "...\n",
    "%YAML 1.1\n---\n" + HEAD + posts(1),
    "",
    "{}",
    "posts: {a: b}\n",
    HEAD + "  - {date: 2025-06-02, title: 未闭合\n",
])
def test_odd_files_read_as_the_loader_reads_them(text):
    assert_as_loader(text)


def test_runs_among_items_written_otherwise_keep_every_position():
    """Runs of one-line items between multi-line ones, and in a list inside a multi-line item: each item after
    a run is renumbered, with the positions of its keys and list elements."""
    hand = "  - date: 2025-06-10\n    title: 手工\n    reviewers:\n      - {name: 甲}\n      - {name: 乙}\n      - 丙\n"
    text = HEAD + posts(1, 2, 3) + hand + posts(11, 12) + "  - [a, b]\n" + posts(13) + hand + "messages:\n" \
        + "  - {received_at: 2025-06-01, summary: a}\n  - {received_at: 2025-06-02, summary: b}\n"
    parsed = assert_as_loader(text)
    assert len(parsed[1]["posts"]) == 9
    assert read_here(text) >= 5


def test_a_scanned_value_is_the_loader_value():
    parsed = parse_account_text(HEAD + "  - {date: 2025-06-02, title: 'a''b', deleted: false, reviewers: [甲, '乙']}\n")
    assert parsed.data["posts"] == [{"date": date(2025, 6, 2), "title": "a'b", "deleted": False, "reviewers": ["甲", "乙"]}]
    assert parsed.positions[("posts", 0)] == (12, 5)


_TEXT = st.text(alphabet=st.sampled_from(list("ab 0-:?#,'\"[]{}!&*|>%@`.~\t甲，：（）\u3000\u00a0")), max_size=8)
_VALUE = st.one_of(_TEXT, st.sampled_from(["2025-06-02", "2025-6-2", "true", "null", "~", "12", "0x1", "1e3", ".inf",
                                           "2025-06-02 09:30:00", "[a, b]", "[]", "['x', y]", "''", "'a''b'"]))
_KEY = st.sampled_from(["date", "title", "url", "editor", "true", "null", "k-1", "1", "a b", "reviewers"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["  - ", "  -  ", "    - ", "- ", "  # ", "  ", ""]),
                          st.lists(st.tuples(_KEY, _VALUE), max_size=4),
                          st.sampled_from(["", " # 注", "  ", ",", "\r"])), max_size=6))
def test_generated_item_lines_read_as_the_loader_reads_them(items):
    lines = [prefix + "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}" + tail
             for prefix, pairs, tail in items]
    assert_as_loader(HEAD + posts(1) + "".join(line + "\n" for line in lines) + posts(2))


def test_without_libyaml_the_usual_parser_reads_the_file(monkeypatch):
    monkeypatch.setattr(loading, "_FAST_LOADER", None)
    text = HEAD + posts(1, 2)
    assert same(parse_account_text(text).data, loading.parse_yaml_text(text).data)


# ── the merge reads back only what it changed ──────────────────────────────────────────────────────────


def _merge(tmp_path, text, records):
    from govmedia_lint.importing.merge import AccountEditor
    from govmedia_lint.importing.presets import Record

    path = tmp_path / "acc.yaml"
    path.write_bytes(text.encode("utf-8"))
    editor = AccountEditor(path)
    for fields in records:
        editor.apply(Record("posts", dict(fields), "e.xlsx 第 2 行"))
    return editor


def _full_errors(editor):
    text = editor._rendered()
    return [(e.line, e.message) for e in loading.load_account_text(text, editor.shown).errors]


@pytest.mark.parametrize("fields", [
    {"date": date(2025, 6, 15), "title": "新增", "original": "说不清"},  # a value the schema refuses
    {"date": date(2025, 6, 15), "title": "新增", "unknown_field": "x"},
    {"date": date(2025, 6, 1), "title": "工作动态（6月1日）", "url": "http://mp.weixin.qq.com/s?__biz=MzA==&mid=1&idx=1",
     "commercial_ad": "也许"},  # a field set in an item of the file
])
def test_an_edit_the_schema_refuses_is_named_at_its_line_as_whole_validation_names_it(tmp_path, fields):
    from govmedia_lint.importing.errors import ImportFailure

    editor = _merge(tmp_path, HEAD + posts(1, 2, 20, 21) + "messages:\n  - {received_at: 2025-06-01, summary: a}\n",
                    [{"date": date(2025, 6, 10), "title": "合规的新增"}, fields])
    expected = _full_errors(editor)
    assert expected
    with pytest.raises(ImportFailure) as failure:
        editor.finish(dry_run=False)
    assert f"第 {expected[0][0]} 行：{expected[0][1]}" in str(failure.value)
    assert editor.data is None and editor.edited["posts"]  # read back as text edits: only the edited items validated


def test_edits_the_schema_accepts_are_written_and_read_back_whole(tmp_path):
    text = HEAD + posts(1, 2, 20) + "messages:\n  - {received_at: 2025-06-01, summary: a}\n"
    editor = _merge(tmp_path, text, [{"date": date(2025, 6, 10), "title": "新增"},
                                     {"date": date(2025, 6, 1), "title": "工作动态（6月1日）", "editor": "刘小燕"}])
    assert _full_errors(editor) == []
    assert editor.finish(dry_run=False).written
    document = loading.load_account_text((tmp_path / "acc.yaml").read_text(encoding="utf-8"), "x").document
    assert [(p.title, p.editor) for p in document.posts][:3] == [("工作动态（6月1日）", "刘小燕"), ("工作动态（6月2日）", None),
                                                                 ("新增", None)]
