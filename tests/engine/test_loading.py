"""Loading account files: every error names file, line and field; lines of nodes are exact."""

import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest

from govmedia_lint.loading import load_account_file, load_account_text

SPEC_EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "example-account.yaml"

MINIMAL = """\
account:
  name: 佳县教育
  platform: wechat
  jurisdiction: jiaxian
  host_unit: 佳县教育和体育局
  status: active
"""


def load(text: str):
    return load_account_text(textwrap.dedent(text), "a.yaml")


def only_error(text: str):
    result = load(text)
    assert result.document is None
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def test_the_spec_example_loads_without_errors():
    result = load_account_file(Path("accounts/jiaxian/佳县教育.yaml"))
    assert result.errors == []
    if SPEC_EXAMPLE.exists():
        assert load_account_file(SPEC_EXAMPLE).errors == []


def test_lines_of_items_and_keys_are_kept():
    result = load(MINIMAL + "  opened_on: 2024-08-01\nposts:\n  - date: 2025-06-02 09:30\n    title: a\n  - {date: 2025-06-05}\n")
    doc = result.document
    assert doc.account.line == 1
    assert doc.account.key_line("opened_on") == 7
    assert [p.line for p in doc.posts] == [9, 11]
    assert doc.key_line("posts") == 8


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeff".encode() + MINIMAL.encode())
    assert load_account_file(path).errors == []


def test_gbk_file_is_an_input_error_naming_the_encoding(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(MINIMAL.encode("gbk"))
    result = load_account_file(path)
    assert result.document is None
    assert "UTF-8" in result.errors[0].message and "GB18030" in result.errors[0].message


def test_unknown_key_suggests_the_right_one():
    error = only_error(MINIMAL + "  opend_on: 2024-08-01\n")
    assert (error.line, error.field) == (7, "account.opend_on")
    assert "opened_on" in error.message


def test_duplicate_key_is_an_error_with_its_line():
    error = only_error(MINIMAL + "  status: closed\n")
    assert error.line == 7
    assert "status" in error.message


def test_wrong_enum_value_names_the_allowed_values():
    error = only_error(MINIMAL.replace("platform: wechat", "platform: wexin"))
    assert (error.line, error.field) == (3, "account.platform")
    assert "wechat" in error.message


def test_missing_required_field():
    error = only_error(MINIMAL.replace("  host_unit: 佳县教育和体育局\n", ""))
    assert error.field == "account.host_unit"
    assert error.line == 1


@pytest.mark.parametrize("value", ["2024/6/24", "2024年6月24日", "2024-13-01", "24-06-2024"])
def test_bad_dates_are_errors_with_field_and_line(value):
    error = only_error(MINIMAL + f"  opened_on: '{value}'\n")
    assert (error.line, error.field) == (7, "account.opened_on")


@pytest.mark.parametrize("value, expected", [
    ("2025-06-02 09:30", datetime(2025, 6, 2, 9, 30)),
    ("2025-06-02 09:30:15", datetime(2025, 6, 2, 9, 30, 15)),
    ("2025-06-02T01:30:00Z", datetime(2025, 6, 2, 9, 30)),
    ("2025-06-02 09:30+08:00", datetime(2025, 6, 2, 9, 30)),
    ("2025-06-02", date(2025, 6, 2)),  # a day without a time of day stays a day, never midnight
    ("'2025-06-02'", date(2025, 6, 2)),
])
def test_datetimes_with_and_without_seconds_and_offsets(value, expected):
    result = load(MINIMAL + f"posts:\n  - date: {value}\n")
    assert result.errors == []
    assert result.document.posts[0].date == expected
    assert type(result.document.posts[0].date) is type(expected)


def test_numbers_where_text_belongs_keep_every_digit_as_written():
    text = MINIMAL + "  account_id: 0012345\n  staff:\n    leader: {name: 高建军, phone: 13800000000}\n" \
        "posts:\n  - {date: 2025-01-01, title: 1.50}\n"
    doc = load(text).document
    assert doc.account.account_id == "0012345"
    assert doc.account.staff.leader.phone == "13800000000"
    assert doc.posts[0].title == "1.50"


def test_a_boolean_where_text_belongs_is_an_error():
    error = only_error(MINIMAL + "  url: true\n")
    assert error.field == "account.url" and "字符串" in error.message


def test_yaml_syntax_error_has_line_and_column():
    error = only_error(MINIMAL + "posts:\n  - {date: 2025-06-02, title: 'unclosed}\n")
    assert error.line >= 8
    assert "YAML" in error.message


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just a string\n"])
def test_file_that_is_not_a_mapping(text):
    error = only_error(text)
    assert error.line == 1
    assert "映射" in error.message


def test_several_errors_in_one_file_are_all_reported():
    text = MINIMAL.replace("platform: wechat", "platform: wexin") + "  opend_on: 2024-08-01\n"
    result = load(text)
    assert {e.field for e in result.errors} == {"account.platform", "account.opend_on"}


def _all_yaml():
    root = Path(__file__).resolve().parents[2]
    return sorted(p for d in ("accounts", "examples", "rules") for p in (root / d).rglob("*.y*ml"))


@pytest.mark.parametrize("path", _all_yaml(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_loader_gives_the_same_data_and_lines_as_ruamel_round_trip(path):
    from govmedia_lint.loading import parse_yaml_text, parse_yaml_text_ruamel, read_text

    text = read_text(path)
    fast, reference = parse_yaml_text(text), parse_yaml_text_ruamel(text)
    assert fast.data == reference.data
    assert fast.positions == reference.positions


@pytest.mark.parametrize("text", ["a: yes\n", "a: off\n", "a: 09:30\n", "a: 0777\n", "a: 1_000\n", "a: 2024-02-30\n",
                                  "a: 2024-1-2 25:00:00\n", "a: '12'\nb: \"true\"\nc: ''\nd: ~\ne:\nf: -.5\n"])
def test_yaml_1_2_scalars_as_ruamel_reads_them(text):
    from govmedia_lint.loading import parse_yaml_text, parse_yaml_text_ruamel

    assert parse_yaml_text(text).data == parse_yaml_text_ruamel(text).data


def test_tags_that_would_construct_objects_are_refused():
    error = only_error("account: !!python/object/apply:os.system ['echo hi']\n")
    assert "标签" in error.message or "tag" in error.message.lower()
