"""The JSON Schema of the account format, for editors (yaml-language-server) — ``govmedia-lint schema``.

It is pydantic's ``model_json_schema`` of ``AccountFile`` by alias, with the
loader's leniencies made explicit so that an editor accepts exactly what
``check`` accepts: a person may be a plain name, text fields may be written as
numbers (phone numbers, ids), dates and datetimes are strings of the accepted
shapes, and an empty list may be written as null. Every property has the title and description
of fields.yaml (editors show them on hover), and enum values may be written by their Chinese names.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from .fielddoc import schema_description
from .fields import all_model_fields, field_docs
from .model import AccountFile

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DATETIME_PATTERN = (r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$")


class _AccountSchema(GenerateJsonSchema):
    def function_before_schema(self, schema: Any) -> Any:
        name = getattr(schema.get("function", {}).get("function"), "__name__", "")
        inner = super().function_before_schema(schema)
        if name == "_parse_date":
            return {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
        if name in ("_parse_datetime", "_parse_day_or_moment"):
            return {"type": "string", "pattern": DATETIME_PATTERN}
        if name == "_text":
            return {"type": ["string", "number"]}
        if name == "_person":
            return {"anyOf": [{"type": "string"}, inner]}
        if name == "_null_is_empty":
            return {"anyOf": [inner, {"type": "null"}]}
        if name == "_flag":
            return {"anyOf": [{"type": "boolean"}, {"enum": FLAG_WORDS}]}
        return inner


#: what a yes/no field accepts besides true/false (pydantic's words and 是/否)
FLAG_WORDS = ["是", "否", "yes", "no", "on", "off"]


def _annotate(schema: dict[str, Any]) -> None:
    """title/description of every property, and the Chinese names of enum values, from fields.yaml."""
    docs = field_docs()
    defs = schema.get("$defs", {})
    for node in all_model_fields():
        owner = schema if node.owner is AccountFile else defs.get(node.owner.__name__)
        prop = (owner or {}).get("properties", {}).get(node.name)
        doc = docs.get(node.path)
        if prop is None or doc is None:
            continue
        prop["title"] = doc.label
        prop["description"] = schema_description(doc)
        if node.enum is not None and node.enum.__name__ in defs:
            enum_def = defs[node.enum.__name__]
            enum_def["enum"] = [*enum_def["enum"], *(name for v in doc.values for name in (v.label, *v.aliases))]


def account_schema() -> dict[str, Any]:
    schema = AccountFile.model_json_schema(by_alias=True, mode="validation", schema_generator=_AccountSchema)
    _annotate(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "govmedia-lint 账号文件（govmedia-lint/v1）",
        "description": "政务新媒体账号登记文件。用法：在 YAML 文件第一行写 "
                       "# yaml-language-server: $schema=<本文件路径>",
    }
