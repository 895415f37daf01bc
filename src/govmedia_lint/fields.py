"""The field documentation of the account format (``fields.yaml``), matched to the schema in model.py.

One source for docs/account-format.md, the JSON Schema's title/description, the comments of
``govmedia-lint init`` and the Chinese enum values the loader accepts. Fields are keyed by the
path a user sees (``account.host_unit_kind``, ``posts[].date``); a model shared by several fields
(a person) is documented once under its own prefix (``person.name``).
"""

from __future__ import annotations

import json
import re
import typing
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import AccountFile, SupervisionFile, use_enum_aliases


@dataclass(frozen=True)
class Value:
    value: str
    label: str
    meaning: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldDoc:
    path: str
    label: str
    meaning: str
    values: tuple[Value, ...] = ()
    time: str = ""
    example: Any = None


@dataclass(frozen=True)
class ModelField:
    """One field of the schema, reached by ``path``."""

    path: str
    name: str  # the YAML key
    info: FieldInfo
    owner: type[BaseModel]
    model: Optional[type[BaseModel]]  # the model of its value (a mapping or a list of mappings)
    is_list: bool
    enum: Optional[type[Enum]] = None
    children: list["ModelField"] = field(default_factory=list)


#: the copy of fields.yaml the tool reads: JSON, its folded texts already tidied (``tidy``), dates as
#: ``{"$date": "YYYY-MM-DD"}``. Written by ``python -m govmedia_lint.dev generate`` from fields.yaml (the one to
#: edit); ``generate --check`` fails when it differs. Parsing the YAML and tidying its texts took ~10 ms of every
#: run whose messages name a field or a value in Chinese; reading the copy takes ~0.5 ms.
COPY = "fields.json"
#: the texts of fields.yaml that are folded YAML blocks: section -> the keys of each entry tidied in the copy
FOLDED = {"fields": ("meaning", "time"), "supervision": ("meaning", "time"), "time": ("text",)}


def source_data() -> dict[str, Any]:
    """fields.yaml as written (the source of ``COPY``)."""
    import yaml

    text = (resources.files("govmedia_lint") / "fields.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # package data, trusted


def copy_text(data: Optional[dict[str, Any]] = None) -> str:
    """The text of ``COPY``: fields.yaml (or ``data``) as the tool reads it."""
    data = source_data() if data is None else data
    for section, keys in FOLDED.items():
        entries = data[section].values() if isinstance(data[section], dict) else data[section]
        for entry in entries:
            for key in keys:
                if entry.get(key) is not None:
                    entry[key] = tidy(entry[key])

    def encode(value: Any) -> Any:
        if isinstance(value, date):
            return {"$date": value.isoformat()}
        raise TypeError(f"fields.yaml: a value JSON cannot hold: {value!r}")

    return json.dumps(data, ensure_ascii=False, indent=1, default=encode) + "\n"


def _decode(mapping: dict[str, Any]) -> Any:
    return date.fromisoformat(mapping["$date"]) if len(mapping) == 1 and "$date" in mapping else mapping


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = (resources.files("govmedia_lint") / COPY).read_text(encoding="utf-8")
    return json.loads(text, object_hook=_decode)


def tidy(text: str) -> str:
    """Text of a folded YAML block without the spaces folding puts between Chinese characters."""
    text = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text.strip())
    return re.sub(r"(?<=[，；。：、（）“”]) ", "", text)


def _value(value: str, spec: Any) -> Value:
    if isinstance(spec, str):
        return Value(value, spec)
    return Value(value, spec["label"], spec.get("meaning", ""), tuple(spec.get("aliases", ())))


@lru_cache(maxsize=1)
def field_docs() -> dict[str, FieldDoc]:
    """Every documented field, by path, in the order of fields.yaml."""
    return _docs("fields")


@lru_cache(maxsize=1)
def supervision_docs() -> dict[str, FieldDoc]:
    """Every documented field of ``supervision.yaml`` (the register's supervision record), by path."""
    return _docs("supervision")


def _docs(section: str) -> dict[str, FieldDoc]:
    docs = {}
    for path, spec in _data()[section].items():
        values = tuple(_value(str(v), s) for v, s in (spec.get("values") or {}).items())
        docs[path] = FieldDoc(path, spec["label"], spec["meaning"], values, spec.get("time") or "", spec.get("example"))
    return docs


def kind_fields() -> dict[str, list[str]]:
    """Fields a check kind reads besides those its parameters name."""
    return {kind: list(paths or []) for kind, paths in _data()["kinds"].items()}


def shared_models() -> dict[str, str]:
    """Model class name -> the prefix its fields are documented under (a person: ``person``)."""
    return dict(_data().get("shared", {}))


def trigger_fields() -> dict[str, list[str]]:
    return _data()["triggers"]


def time_sections() -> list[dict[str, str]]:
    return [{"title": s["title"], "text": s["text"]} for s in _data()["time"]]


def inner_type(annotation: Any) -> tuple[Any, bool]:
    """(the type inside Optional/Annotated/list, whether a list wraps it)."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin is list:
            is_list, annotation = True, args[0]
        elif origin is typing.Annotated or (origin is typing.Union and len(args) == 1):
            annotation = args[0]
        else:
            return annotation, is_list


@lru_cache(maxsize=1)
def model_fields() -> list[ModelField]:
    """Every field of the account format, depth first, with its documentation path."""
    return _walk_model(AccountFile)


@lru_cache(maxsize=1)
def supervision_fields() -> list[ModelField]:
    """Every field of ``supervision.yaml``, depth first, with its documentation path."""
    return _walk_model(SupervisionFile)


def _walk_model(root: type[BaseModel]) -> list[ModelField]:
    shared = _data().get("shared", {})

    def walk(model: type[BaseModel], prefix: str, seen: frozenset) -> list[ModelField]:
        out = []
        for name, info in model.model_fields.items():
            key = info.alias or name
            inner, is_list = inner_type(info.annotation)
            sub = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
            enum = inner if isinstance(inner, type) and issubclass(inner, Enum) else None
            path = prefix + key
            node = ModelField(path, key, info, model, sub, is_list, enum)
            out.append(node)
            if sub is not None and sub not in seen:
                own = path + ("[]." if is_list else ".")
                child_prefix = f"{shared[sub.__name__]}." if sub.__name__ in shared else own
                node.children.extend(walk(sub, child_prefix, seen | {sub}))
        return out

    return walk(root, "", frozenset())


def all_model_fields(nodes: Optional[list[ModelField]] = None) -> list[ModelField]:
    """model_fields() (or ``nodes``) flattened, each documented path once (a shared model's fields appear once)."""
    out: list[ModelField] = []
    seen: set[str] = set()

    def add(nodes: list[ModelField]) -> None:
        for node in nodes:
            if node.path not in seen:
                seen.add(node.path)
                out.append(node)
            add(node.children)

    add(model_fields() if nodes is None else nodes)
    return out


@lru_cache(maxsize=None)
def enum_aliases(enum: type[Enum]) -> dict[str, str]:
    """Chinese names (labels and aliases) of an enum's values, from the field that uses the enum."""
    docs = field_docs()
    out: dict[str, str] = {}
    for node in all_model_fields():
        if node.enum is enum and node.path in docs:
            for value in docs[node.path].values:
                for name in (value.label, *value.aliases):
                    out.setdefault(unicodedata.normalize("NFKC", name), value.value)
    return out


use_enum_aliases(enum_aliases)


def value_label(path: str, value: str) -> str:
    doc = field_docs().get(path)
    found = next((v for v in doc.values if v.value == value), None) if doc else None
    return found.label if found else value


def label(path: str) -> str:
    doc = field_docs().get(path)
    return doc.label if doc else path


def doc_path(loc: tuple) -> str:
    """The documentation path of a location in a document: ('posts', 3, 'kind') -> 'posts[].kind'."""
    nodes, path = model_fields(), ""
    for part in loc:
        if isinstance(part, int):
            continue
        node = next((n for n in nodes if n.name == part), None)
        if node is None:
            return path
        path, nodes = node.path, node.children or _children_of(node)
    return path


def _children_of(node: ModelField) -> list[ModelField]:
    """Children of a field whose model was already walked elsewhere (a shared model)."""
    if node.model is None:
        return []
    return next((n.children for n in all_model_fields() if n.model is node.model and n.children), [])


def allowed_values(path: str, enum: Optional[type[Enum]] = None) -> str:
    """'wechat（微信）、weibo（微博）…' for an input error, from the documentation or the enum."""
    doc = field_docs().get(path)
    if doc and doc.values:
        return "、".join(f"{v.value}（{v.label}）" for v in doc.values)
    return "、".join(str(member.value) for member in enum) if enum else ""
