"""Plain JSON for what a cache entry holds, and back, accepting only known types.

A cache entry must never be code (a committed pickle ran a shell
command), so results are written as JSON. Values that JSON lacks are tagged
with one-key objects: ``{"$date": …}``, ``{"$datetime": …}``,
``{"$tuple": […]}``, ``{"$map": {…}}`` (every mapping, so data can never look
like a tag), ``{"$dc": name, "f": {…}}`` for the dataclasses registered with
``register`` and ``{"$account": …}`` for an account section, which is
validated again by the schema on the way back and given its lines. Anything
else is refused with ``ValueError``, on the way in and on the way out.

Two tags only make decoding fast (an edited run decodes ~1,000 entries of ~35 findings each):
``{"$json": …}`` holds a mapping that is plain JSON all the way down (text keys; text, whole
numbers, finite floats, booleans, None, lists and such mappings: a finding's source and evidence,
the posts per day) and is returned as ``loads`` gives it, without a walk: JSON has nothing else, so
nothing in it can be anything but data, and a mapping in it is never read as a tag. ``{"$tuples": […]}``
holds a list of tuples of JSON scalars (the item identities of the report facts).
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date, datetime
from typing import Any

try:  # orjson: 5-10x faster than json on the warm path, which is mostly decoding entries
    import orjson

    def dumps(value: Any) -> bytes:
        return orjson.dumps(value)

    loads = orjson.loads
except ImportError:  # pragma: no cover - orjson is a dependency; json keeps the cache working without it
    import json

    def dumps(value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    loads = json.loads

_DATACLASSES: dict[str, type] = {}
#: what ``loads`` gives for a JSON scalar: returned as it is (the fast path of ``decode``)
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> bool:
    """Whether ``value`` comes back from ``loads(dumps(value))`` equal and of the same types (plain JSON)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is float:
        return math.isfinite(value)  # NaN and infinities are not JSON
    if kind is list:
        return all(_plain(item) for item in value)
    if kind is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    return False


#: registered dataclasses whose ``__init__`` only sets the fields (no ``__post_init__``, slots or frozen fields):
#: decoded without calling it
_DIRECT: set[type] = set()


def register(cls: type) -> type:
    """Allow a dataclass in encoded data (a class decorator)."""
    _DATACLASSES[cls.__name__] = cls
    params = getattr(cls, "__dataclass_params__", None)
    if (not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__") and params is not None
            and not params.frozen and all(f.init for f in dataclasses.fields(cls))):
        _DIRECT.add(cls)
    return cls


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data; raises ``ValueError`` for a type this module does not know."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):  # orjson would write null: the entry would not give it back
            raise ValueError("NaN and infinities cannot be cached")
        return value
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, list):
        if value and all(type(item) is tuple and all(type(part) in _SCALARS for part in item) for item in value) \
                and all(_plain(part) for item in value for part in item):
            return {"$tuples": [list(item) for item in value]}
        return [encode(item) for item in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(item) for item in value]}
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise ValueError("only text keys can be cached")
        if _plain(value):
            return {"$json": value}
        return {"$map": {key: encode(item) for key, item in value.items()}}
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and _DATACLASSES.get(name) is type(value):
        return {"$dc": name, "f": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    from ..model import Account

    if isinstance(value, Account):
        return {"$account": _account_data(value)}
    raise ValueError(f"cannot cache a {name}")


_FIELD_NAMES: dict[type, frozenset] = {}


def decode(data: Any) -> Any:
    """The value ``encode`` gave ``data`` for; raises ``ValueError`` on anything it would not have written."""
    kind = type(data)
    if kind in _SCALARS:
        return data
    if kind is list:
        return [item if type(item) in _SCALARS else decode(item) for item in data]
    if kind is not dict or len(data) not in (1, 2):
        raise ValueError("not cache data")
    try:
        if len(data) == 2:
            cls = _DATACLASSES[data["$dc"]]
            fields = data["f"]
            names = _FIELD_NAMES.get(cls)
            if names is None:
                names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))
            if type(fields) is not dict or not names.issuperset(fields):
                raise ValueError(f"fields of {cls.__name__}")
            for key, item in fields.items():  # values replaced in place: the keys stay as they are
                if type(item) not in _SCALARS:
                    fields[key] = decode(item)
            if cls in _DIRECT and len(fields) == len(names):
                # every field given (as ``encode`` writes them): what ``__init__`` would do is to set each one
                value = object.__new__(cls)
                value.__dict__ = fields
                return value
            return cls(**fields)
        (tag, inner), = data.items()
        if tag == "$json" and type(inner) is dict:
            return inner
        if tag == "$tuples" and type(inner) is list:
            if not all(type(item) is list and all(type(part) in _SCALARS for part in item) for item in inner):
                raise ValueError("not cache data")
            return [tuple(item) for item in inner]
        if tag == "$map" and type(inner) is dict:
            return {key: item if type(item) in _SCALARS else decode(item) for key, item in inner.items()}
        if tag == "$tuple" and type(inner) is list:
            return tuple(item if type(item) in _SCALARS else decode(item) for item in inner)
        if tag == "$date" and type(inner) is str:
            return date.fromisoformat(inner)
        if tag == "$datetime" and type(inner) is str:
            return datetime.fromisoformat(inner)
        if tag == "$account" and type(inner) is dict:
            return _account_from(inner)
    except (KeyError, TypeError) as exc:
        raise ValueError(f"not cache data: {exc}") from None
    raise ValueError("not cache data")


def _positions(node: Any, path: tuple, into: list) -> None:
    """The (path, line) pairs ``loading.assign_lines`` needs to give a re-validated node its lines back."""
    from ..model import Node

    into.append([list(path), node.line])
    for name, info in type(node).model_fields.items():
        if name not in node._key_lines:
            continue
        key = info.alias or name
        value = getattr(node, name)
        if isinstance(value, Node):
            _positions(value, path + (key,), into)
            continue
        into.append([list(path + (key,)), node._key_lines[name]])
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Node):
                    _positions(item, path + (key, index), into)


def _account_data(account: Any) -> dict:
    positions: list = []
    _positions(account, (), positions)
    return {"fields": account.model_dump(mode="json", by_alias=True, exclude_unset=True), "lines": positions}


def _account_from(data: dict) -> Any:
    from pydantic import ValidationError

    from ..loading import assign_lines
    from ..model import Account

    try:
        account = Account.model_validate(data["fields"])
        positions = {tuple(path): (line, 1) for path, line in data["lines"]}
    except (ValidationError, TypeError, ValueError) as exc:
        raise ValueError(f"account: {exc}") from None
    assign_lines(account, (), positions)
    return account
