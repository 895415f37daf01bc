"""The field documentation (fields.yaml): complete, the one source of docs/account-format.md and the schema's help."""

import json
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.engine.kinds import KINDS
from govmedia_lint.fielddoc import rule_fields, rules_by_field
from govmedia_lint.fields import all_model_fields, field_docs, kind_fields

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_every_field_of_the_model_is_documented_and_nothing_else():
    paths = [node.path for node in all_model_fields()]
    docs = field_docs()
    assert [p for p in paths if p not in docs] == []
    assert [p for p in docs if p not in paths] == []
    for doc in docs.values():
        assert doc.label and doc.meaning, doc.path


def test_every_enum_value_has_a_chinese_name_and_the_names_are_unambiguous():
    docs = field_docs()
    for node in all_model_fields():
        if node.enum is None:
            continue
        doc = docs[node.path]
        assert [v.value for v in doc.values] == [m.value for m in node.enum], node.path
        names = [unicodedata.normalize("NFKC", n) for v in doc.values for n in (v.label, *v.aliases)]
        assert len(names) == len(set(names)), node.path
        assert not set(names) & {m.value for m in node.enum}, node.path


def test_host_unit_kind_institution_is_a_public_institution():
    values = {v.value: v for v in field_docs()["account.host_unit_kind"].values}
    assert values["institution"].label == "事业单位"
    assert "承担行政职能" in values["institution"].meaning


def test_every_check_kind_says_which_fields_it_reads():
    assert set(kind_fields()) == set(KINDS)


def test_the_fields_a_rule_needs_are_computed_from_its_parameters(packset):
    rule = packset.find_rule("JX-CHANGE-FILED-2-WORKDAYS")  # deadline on filings where type: change
    assert {"filings[].type", "filings[].event_on", "filings[].filed_on"} <= set(rule_fields(rule))
    usage = rules_by_field(packset.all_rules())
    assert "JX-NO-INTERNAL-OR-PERSONAL-SUBJECT" in usage["account.host_unit_kind"]
    assert "QJ-THREE-LEVEL-REVIEW" in usage["posts[].reviewers"] and "QJ-THREE-LEVEL-REVIEW" in usage["posts"]
    assert "SM-DEDICATED-STAFF" in usage["account.management.dedicated_staff"]
    assert "QJ-UPDATE-GAP-10-DAYS" in usage["account.platform_kind"]  # from applies_to


def test_every_field_a_rule_reads_exists(packset):
    paths = {node.path for node in all_model_fields()}
    for rule in packset.all_rules():
        assert set(rule_fields(rule)) <= paths, rule.code


def test_format_reference_in_docs_is_generated_from_the_field_documentation():
    """docs/account-format.md is what `govmedia-lint schema --format markdown` prints: regenerate it."""
    result = runner.invoke(app, ["schema", "--format", "markdown"])
    assert result.exit_code == 0
    assert (ROOT / "docs" / "account-format.md").read_text(encoding="utf-8") == result.stdout
    for node in all_model_fields():
        assert f"`{node.path}`" in result.stdout
    assert "| `institution` | `事业单位`" in result.stdout
    assert "最后一个下线日（含当日）" in result.stdout


def _properties(schema: dict):
    yield from schema.get("properties", {}).items()
    for definition in schema.get("$defs", {}).values():
        yield from definition.get("properties", {}).items()


def test_every_schema_property_has_a_title_and_a_description():
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    properties = list(_properties(schema))
    assert len(properties) >= 90
    for name, prop in properties:
        assert prop.get("title") and prop.get("description"), name
    assert schema["$defs"]["Account"]["properties"]["host_unit_kind"]["title"] == "主办单位类型"


@pytest.mark.parametrize("value", ["微信", "wechat"])
def test_schema_accepts_the_chinese_names_check_accepts(value):
    import jsonschema

    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    account = {"account": {"name": "a", "platform": value, "jurisdiction": "佳县", "host_unit": "b",
                           "status": "运行中", "interaction_enabled": "是"}}
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(account))


def test_unknown_schema_format_is_a_usage_error():
    result = runner.invoke(app, ["schema", "--format", "yaml"])
    assert result.exit_code == 2


def test_output_reference_names_the_columns_keys_and_codes_the_formats_use():
    """docs/output.md is written by hand: it must follow the formats' own headers, keys and codes."""
    from govmedia_lint.engine.evaluate import TOOL_RULES
    from govmedia_lint.render.csv_report import HEADER
    from govmedia_lint.render.xlsx import SUMMARY_HEADER

    text = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    assert ", ".join(HEADER) in text and ", ".join(SUMMARY_HEADER) in text
    for code in TOOL_RULES:
        assert f"`{code}`" in text, code
    report = json.loads(runner.invoke(app, ["check", str(ROOT / "examples" / "jiaxian"), "--as-of", "2025-07-01",
                                            "-f", "json", "--no-cache"]).stdout)
    for key in [*report, *report["summary"], *report["findings"][0]]:
        assert f"`{key}`" in text, key
