"""What officials naturally type: Chinese enum names, 是/否, almost-right dates; and every input error in Chinese."""

import re

import pytest

from govmedia_lint.loading import load_account_text, parse_yaml_text, parse_yaml_text_ruamel, validate_document
from test_loading import MINIMAL, load


@pytest.mark.parametrize("line, attribute, expected", [
    ("  platform_kind: 订阅号\n  host_unit_kind: 事业单位\n", "host_unit_kind", "institution"),
    ("  host_unit_kind: 乡镇（街道）\n", "host_unit_kind", "township"),
    ("  purpose: 专项工作\n", "purpose", "special_event"),
])
def test_chinese_names_of_account_values_are_accepted(line, attribute, expected):
    result = load(MINIMAL + line)
    assert result.errors == []
    assert getattr(result.document.account, attribute).value == expected


def test_platform_and_status_in_chinese():
    result = load(MINIMAL.replace("platform: wechat", "platform: 微信").replace("status: active", "status: 运行中"))
    assert result.errors == []
    assert (result.document.account.platform.value, result.document.account.status.value) == ("wechat", "active")


def test_chinese_values_in_the_logs():
    result = load(MINIMAL + """\
filings:
  - {type: 变更, event_on: 2024-09-30, filed_on: 2024-10-09, written: 是}
notices:
  - {kind: 开通公告, posted_on: 2024-08-01, placement: 首页置顶, channel: 门户网站}
offline_periods:
  - {kind: 紧急关停, start: 2025-03-10}
incidents:
  - {kind: 严重表述错误}
posts:
  - {date: 2025-06-02, original: 否, commercial_ad: 否}
""")
    assert result.errors == []
    doc = result.document
    assert doc.filings[0].type.value == "change" and doc.filings[0].written is True
    assert (doc.notices[0].kind.value, doc.notices[0].placement.value, doc.notices[0].channel.value) == \
        ("opening", "homepage_pinned", "portal")
    assert doc.offline_periods[0].kind.value == "emergency"
    assert doc.incidents[0].kind.value == "serious_wording_error"
    assert doc.posts[0].original is False


def test_fast_and_reference_loaders_agree_on_chinese_input():
    text = MINIMAL.replace("wechat", "微信") + "  interaction_enabled: 是\n"
    text += "posts:\n  - {date: 2025-06-02, original: 否}\n"
    fast = validate_document(parse_yaml_text(text), "a")
    reference = validate_document(parse_yaml_text_ruamel(text), "a")
    assert fast.document.model_dump() == reference.document.model_dump()


@pytest.mark.parametrize("written", ["2024-7-20", "2024/07/20", "2024/7/20", "2024年7月20日", "2024.07.20",
                                     "20240720", "２０２４－０７－２０"])
def test_an_almost_right_date_says_the_fix(written):
    result = load(MINIMAL + f"  opened_on: {written}\n")
    [error] = result.errors
    assert (error.line, error.field) == (7, "account.opened_on")
    assert "应为 2024-07-20" in error.message


def test_an_almost_right_time_says_the_fix():
    [error] = load(MINIMAL + "posts:\n  - date: 2024/7/20 9:30\n").errors
    assert error.field == "posts[0].date" and "应为 2024-07-20 09:30" in error.message


@pytest.mark.parametrize("written, reason", [("2024-02-30", "2 月没有 30 日"), ("2024-13-01", "月份")])
def test_an_impossible_date_is_an_error_of_its_field(written, reason):
    [error] = load(MINIMAL + f"  opened_on: {written}\n").errors
    assert (error.line, error.field) == (7, "account.opened_on") and reason in error.message


BAD_INPUTS = [
    MINIMAL.replace("wechat", "wechta"),
    MINIMAL + "  interaction_enabled: 也许\n",
    MINIMAL + "  url: true\n",
    MINIMAL + "  menus: 政务公开\n",
    MINIMAL + "  staff: 张三\n",
    MINIMAL + "  opened_on: 昨天\n",
    MINIMAL + "  opened_on: 5\n",
    MINIMAL + "incidents:\n  - {kind: secret_leak, count: 0}\n",
    MINIMAL + "incidents:\n  - {kind: secret_leak, count: 两次}\n",
    MINIMAL + "posts:\n  - date: [1]\n",
    MINIMAL + "posts:\n  - date: 2024-01-02 25:00\n",
    MINIMAL + "opend_on: 2024-01-01\n",
    MINIMAL + "schema: v2\n",
    "account:\n  name: 佳县教育\n",
    "account:\n\tname: x\n",
    "account: {name: x\n",
    "account:\n  name: \"x\n",
    "a: b: c\n",
    "account:\n  name: x\n - y\n",
    "- a\nb: c\n",
    "account: *x\n",
    "a: [1, 2\n",
    "a: &x 1\nb: &x 2\n",
    "a: |\n b\nc",
    "a: \"\\q\"\n",
    "a: b\n---\nc: d\n",
    "",
]

#: Latin text an input error may contain: what the user wrote (quoted), keys, values and formats
_ALLOWED = re.compile(r"'[^']*'|\"[^\"]*\"|\b[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*\b|YYYY-MM-DD|HH:MM|SS|YAML|"
                      r"UTF-8|GB18030|GBK|Tab|[A-Z]{2,}-[A-Z0-9-]+")


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_every_input_error_is_in_chinese(text):
    result = load_account_text(text, "a.yaml")
    assert result.errors
    for error in result.errors:
        leftover = _ALLOWED.sub("", error.message)
        assert not re.search(r"[A-Za-z]{2,}", leftover), error.message
        assert re.search(r"[\u4e00-\u9fff]", error.message), error.message
        assert " or " not in error.message and "Input should" not in error.message


def test_a_wrong_value_lists_the_allowed_values_with_their_chinese_names():
    [error] = load(MINIMAL.replace("wechat", "wechta")).errors
    assert "wechat（微信）" in error.message and "、" in error.message
