"""YAML account files to validated models, keeping the line of every node.

``load_account_file`` never raises for bad input: it returns a ``LoadResult``
whose ``errors`` name the file, line, column and field of each problem.
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
import os
import re
import sys
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

import yaml
from pydantic import BaseModel, ValidationError

from .fields import allowed_values, doc_path
from .model import AccountFile, Node, SupervisionFile, type_name
from .safeio import ACCOUNT_LIMIT, SMALL_LIMIT, read_bytes_limited
from .yaml_errors import os_reason, yaml_message

Path_ = tuple[Union[str, int], ...]

#: The name of a register's supervision record (the supervising office's quarterly checks and submissions,
#: ``model.SupervisionFile``): never an account file. A fixed name, like a text store's ``.texts`` folder: discovery
#: tells it apart without parsing it, and there is one per supervised folder.
SUPERVISION_FILE = "supervision.yaml"

#: Upper bound on YAML nodes in one file; guards against alias bombs.
MAX_NODES = 2_000_000


@dataclass(frozen=True)
class InputError:
    """A problem with an input file that prevents checking (part of) it."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field + ': ' if self.field else ''}{self.message}"


@dataclass
class ParsedYaml:
    """Plain Python data of one document plus the (line, column) of every key and item, 1-based."""

    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)


@dataclass
class LoadResult:
    path: str
    document: Optional[AccountFile] = None
    errors: list[InputError] = field(default_factory=list)


@dataclass
class SupervisionLoad:
    """A loaded ``supervision.yaml``: its document, or the input errors that kept it from loading."""

    path: str
    document: Optional[SupervisionFile] = None
    errors: list[InputError] = field(default_factory=list)


def _real(path: Path) -> Path:
    """``path.resolve()``, or the absolute path when it cannot be resolved (a symlink loop, a folder that cannot
    be searched): such a path is an input error where it is read, never a crash here."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


@functools.lru_cache(maxsize=8)
def _real_cwd(cwd: str) -> Path:
    """The working directory resolved, once per directory (every file's cache key names its shown path)."""
    return _real(Path(cwd))


def display_path(path: Path) -> str:
    """Paths relative to the working directory when possible, with forward slashes."""
    try:
        return _real(path).relative_to(_real_cwd(os.getcwd())).as_posix()
    except ValueError:
        return path.as_posix()


def discover(paths: Iterable[Path], exclude: Iterable[str] = ()) -> Iterator[Path]:
    """Yield the account files (YAML) under ``paths`` in a stable order, following no directory twice.

    Hidden entries and those matching an ``exclude`` glob (on the name or on the path
    relative to the walked directory) are skipped; files named explicitly are always kept.
    A ``supervision.yaml`` is never an account file (``discover_supervision`` finds it).
    """
    yield from discover_register(paths, exclude)[0]


def discover_supervision(paths: Iterable[Path], exclude: Iterable[str] = ()) -> list[Path]:
    """The ``supervision.yaml`` files under ``paths`` (or named), in the same order and with the same exclusions
    as ``discover``."""
    return discover_register(paths, exclude)[1]


def discover_register(paths: Iterable[Path], exclude: Iterable[str] = ()) -> tuple[list[Path], list[Path]]:
    """The account files and the ``supervision.yaml`` files under ``paths``, from one walk."""
    accounts: list[Path] = []
    supervision: list[Path] = []
    for path in _discover(paths, exclude):
        (supervision if is_supervision_file(path) else accounts).append(path)
    return accounts, supervision


def is_supervision_file(path: Path) -> bool:
    return path.name == SUPERVISION_FILE


def _discover(paths: Iterable[Path], exclude: Iterable[str]) -> Iterator[Path]:
    seen_dirs: set[Path] = set()
    seen_files: set[Path] = set()
    patterns = list(exclude)
    for root in paths:
        found = _walk(root, root, seen_dirs, patterns) if root.is_dir() else [(root, None)]
        for path, real in found:
            real = real or _real(path)
            if real not in seen_files:  # a file given twice, or a symlink to a file of the tree: checked once
                seen_files.add(real)
                yield path


def _excluded(entry: Path, root: Path, patterns: list[str]) -> bool:
    relative = entry.relative_to(root).as_posix()
    return any(fnmatch.fnmatch(entry.name, p) or fnmatch.fnmatch(relative, p.strip("/")) for p in patterns)


def _walk(directory: Path, root: Path, seen_dirs: set[Path],
          patterns: list[str]) -> Iterator[tuple[Path, Optional[Path]]]:
    """The YAML files under ``directory``, each with its resolved path when that is known without resolving it
    (a file that is not a symlink, in a folder already resolved: a register of 1,000 files resolved each one,
    component by component, ~0.1 s), else None."""
    real = _real(directory)
    if real in seen_dirs:
        return
    seen_dirs.add(real)
    try:
        with os.scandir(directory) as scan:
            entries = sorted((directory / e.name, e) for e in scan)
        if entries and not os.access(directory, os.X_OK):
            raise PermissionError  # readable but not searchable: the names are there, the files are not
    except OSError:
        yield directory, None  # an unreadable folder is an input error (the loader says so), never a silent pass
        return
    for entry, found in entries:
        if entry.name.startswith(".") or _excluded(entry, root, patterns):
            continue
        try:
            is_dir = found.is_dir()
            linked = found.is_symlink()
        except OSError:  # a loop of links, an entry that cannot be looked at: the loader reports it
            is_dir, linked = False, True
        if is_dir:
            if not entry.name.endswith(".texts"):  # an account's text store (text/store.py), not accounts
                yield from _walk(entry, root, seen_dirs, patterns)
        elif entry.suffix in (".yaml", ".yml") and not entry.name.endswith(".lexicon.yaml"):  # a user lexicon
            yield entry, None if linked else real / entry.name


def parse_yaml_text(text: str) -> ParsedYaml:
    """Parse YAML 1.2 text into plain data and positions.

    The fast path composes nodes with libyaml (PyYAML's C parser) and reads
    each node's start mark; ruamel.yaml's round-trip loader, ~15× slower,
    is the reference it is tested against and the fallback where libyaml is
    missing. Raises ``YAMLError`` (either library's) or ``ValueError``.
    """
    if _FAST_LOADER is None:
        return parse_yaml_text_ruamel(text)
    parsed = ParsedYaml(data=None)
    root = yaml.compose(text, Loader=_FAST_LOADER)
    if root is not None:
        loader = _FAST_LOADER("")
        parsed.data = _from_node(root, (), parsed.positions, [MAX_NODES], loader)
        loader.dispose()
    return parsed


def _yaml12_loader() -> Optional[type]:
    """A libyaml loader that resolves plain scalars as YAML 1.2 (core schema), as ruamel.yaml does.

    YAML 1.1 would read ``yes``/``no``/``on``/``off`` as booleans and ``09:30`` as the number 570.
    """
    base = getattr(yaml, "CSafeLoader", None)
    if base is None:
        return None

    class Yaml12Loader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers: dict = {}

    resolvers = [
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+)$", "-+0123456789"),
        ("tag:yaml.org,2002:float",
         r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
         "-+.0123456789"),
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("tag:yaml.org,2002:timestamp",
         r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
         r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$", "0123456789"),
    ]
    for tag, pattern, first in resolvers:
        Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))
    Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])
    by_first = {first: tuple(found) for first, found in Yaml12Loader.yaml_implicit_resolvers.items()}
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode

    known: dict[str, str] = {}  # plain scalars recur (every key, true/false, units' names): resolved once

    def resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        # BaseResolver.resolve without path resolvers (none are registered): libyaml calls it for every
        # node, so it is a large share of composing; same answers (tests/engine/test_loading.py: as ruamel reads them)
        if kind is scalar:
            if not implicit[0]:
                return "tag:yaml.org,2002:str"
            tag = known.get(value)
            if tag is None:
                tag = "tag:yaml.org,2002:str"
                for candidate, regexp in by_first.get(value[:1], ()):
                    if regexp.match(value):
                        tag = candidate
                        break
                if len(known) < 1 << 16 and len(value) < 64:
                    known[value] = tag
            return tag
        return "tag:yaml.org,2002:seq" if kind is sequence else "tag:yaml.org,2002:map"

    def no_path_resolvers(self: Any, *args: Any) -> None:
        """No path resolver is registered: nothing to track as libyaml descends and ascends."""

    Yaml12Loader.resolve = resolve
    Yaml12Loader.descend_resolver = Yaml12Loader.ascend_resolver = no_path_resolvers
    return Yaml12Loader


_FAST_LOADER = _yaml12_loader()
_PLAIN_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _from_node(node: Any, path: Path_, positions: dict, budget: list[int], loader: Any) -> Any:
    """Plain data of a composed node, and the (line, column) of every key and item in ``positions``.

    The hot loop of loading (hundreds of thousands of nodes in a year of posts): plain strings,
    the most common scalars, are taken as they are without a call."""
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError(f"文件节点过多（超过 {MAX_NODES} 个，可能是 YAML 别名炸弹）")
    kind = type(node)
    if kind is _MAPPING:
        if node.tag != _MAP_TAG:
            return _scalar(node, loader)  # refuses the tag
        for key_node, _ in node.value:
            if key_node.tag in _FLATTEN_TAGS:
                loader.flatten_mapping(node)  # resolves << merge keys
                break
        out: dict = {}
        for key_node, value_node in node.value:
            if type(key_node) is not _SCALAR:
                raise _problem("映射的键必须是标量", key_node)
            key = key_node.value if key_node.tag == _STR_TAG else str(_scalar(key_node, loader))
            if key in out:
                raise _problem(f"重复的键 '{key}'", key_node)
            where = path + (key,)
            mark = key_node.start_mark
            positions[where] = (mark.line + 1, mark.column + 1)
            if type(value_node) is _SCALAR and value_node.tag == _STR_TAG:
                budget[0] -= 1
                out[key] = value_node.value
            else:
                out[key] = _from_node(value_node, where, positions, budget, loader)
        return out
    if kind is _SEQUENCE:
        if node.tag != _SEQ_TAG:
            return _scalar(node, loader)
        items = []
        for index, item in enumerate(node.value):
            where = path + (index,)
            mark = item.start_mark
            positions[where] = (mark.line + 1, mark.column + 1)
            items.append(_from_node(item, where, positions, budget, loader))
        return items
    return _scalar(node, loader)


_MAPPING, _SEQUENCE, _SCALAR = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
_MAP_TAG, _SEQ_TAG = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
#: key tags PyYAML's ``flatten_mapping`` rewrites (merge keys ``<<``; ``!!value``)
_FLATTEN_TAGS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})


def _scalar(node: Any, loader: Any) -> Any:
    if not isinstance(node, yaml.ScalarNode) or node.tag not in _PLAIN_TAGS:
        raise _problem(f"不支持的 YAML 标签 {node.tag}（只允许普通的映射、列表和标量）", node)
    try:
        return _construct(node, loader)
    except (ValueError, OverflowError):
        # 2025-02-30, 24:00:00, +25:00, a 5,000-digit number: kept as written, so the schema reports the
        # field at its own line ("不是有效日期") instead of the whole file failing at line 1
        return node.value


def _construct(node: Any, loader: Any) -> Any:
    if node.tag == "tag:yaml.org,2002:int":  # YAML 1.2: 0777 is decimal, 0o17 octal
        text = node.value.replace("_", "")
        base = {"0o": 8, "0x": 16}.get(text[:2], 10)
        return RawInt(int(text[2:] if base != 10 else text, base), node.value)
    if node.tag == "tag:yaml.org,2002:float":
        return RawFloat(loader.construct_object(node, deep=True), node.value)
    # Fast paths for the most common scalars (what the constructor returns, without its bookkeeping).
    if node.tag == _STR_TAG:
        return node.value
    if node.tag == _BOOL_TAG and node.value in _BOOLS:
        return _BOOLS[node.value]
    return loader.construct_object(node, deep=True)


_STR_TAG, _BOOL_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool"
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class RawInt(int):
    """An int that remembers how it was written, so a text field keeps ``0012`` or ``13800000000`` exactly."""

    raw: str

    def __new__(cls, value: int, raw: str) -> "RawInt":
        obj = super().__new__(cls, value)
        obj.raw = raw
        return obj

    def __getnewargs__(self) -> tuple:  # copy and pickle keep the text
        return (int(self), self.raw)


class RawFloat(float):
    raw: str

    def __new__(cls, value: float, raw: str) -> "RawFloat":
        obj = super().__new__(cls, value)
        obj.raw = raw
        return obj

    def __getnewargs__(self) -> tuple:
        return (float(self), self.raw)


def _problem(message: str, node: Any) -> "yaml.MarkedYAMLError":
    return yaml.MarkedYAMLError(problem=message, problem_mark=node.start_mark)


def parse_yaml_text_ruamel(text: str) -> ParsedYaml:
    """The reference parser: ruamel.yaml round-trip, which keeps line data on every collection.

    ruamel.yaml is imported here, not with this module: checking a file never needs it (~8 ms of start-up)."""
    from ruamel.yaml import YAML

    ruamel = YAML(typ="rt")
    ruamel.Constructor = _constructor()
    ruamel.allow_duplicate_keys = False
    root = ruamel.load(text)
    parsed = ParsedYaml(data=None)
    parsed.data = _plain(root, (), parsed.positions, [MAX_NODES])
    return parsed


@functools.lru_cache(maxsize=None)
def _constructor() -> type:
    """Round-trip constructor that keeps an impossible date (2024-02-30) as text, as the fast path does."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            try:
                return super().construct_yaml_timestamp(node, values)
            except ValueError:
                return str(node.value)

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    return Constructor


def _ruamel_errors() -> tuple[tuple[type, ...], tuple[type, ...]]:
    """ruamel.yaml's (marked, any) error classes, if ruamel was imported: only then can it have raised one."""
    module = sys.modules.get("ruamel.yaml.error")
    return ((module.MarkedYAMLError,), (module.YAMLError,)) if module is not None else ((), ())


def _plain(node: Any, path: Path_, positions: dict, budget: list[int]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError(f"文件节点过多（超过 {MAX_NODES} 个，可能是 YAML 别名炸弹）")
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            key_text = str(key)
            line, col = node.lc.key(key)
            positions[path + (key_text,)] = (line + 1, col + 1)
            out[key_text] = _plain(value, path + (key_text,), positions, budget)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for index, value in enumerate(node):
            line, col = node.lc.item(index)
            positions[path + (index,)] = (line + 1, col + 1)
            out_list.append(_plain(value, path + (index,), positions, budget))
        return out_list
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, datetime):
        return datetime(node.year, node.month, node.day, node.hour, node.minute, node.second,
                        node.microsecond, node.tzinfo)
    if isinstance(node, date):
        return date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def read_text(path: Path, encoding: str = "utf-8", limit: int = SMALL_LIMIT) -> str:
    """Read a regular file of at most ``limit`` bytes (a UTF-8 BOM is accepted); raises ``UnicodeDecodeError``
    or ``OSError`` (also for a FIFO, a device or a file over the limit: see ``safeio``)."""
    return decode_text(read_bytes_limited(path, limit), encoding)


def decode_text(raw: bytes, encoding: str = "utf-8") -> str:
    return raw.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)


def _line_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def read_account_bytes(path: Path) -> bytes:
    """An account file's bytes, read once (the runner hashes and parses the same bytes)."""
    return read_bytes_limited(path, ACCOUNT_LIMIT)


def load_account_file(path: Path, encoding: str = "utf-8", raw: Optional[bytes] = None) -> LoadResult:
    """Load an account file, or ``raw``, its bytes already read with ``read_account_bytes``."""
    shown = display_path(path)
    result = LoadResult(path=shown)
    try:
        is_dir = raw is None and path.is_dir()
    except OSError:
        is_dir = False  # reading it says why
    if is_dir:
        try:
            next(path.iterdir(), None)
            if not os.access(path, os.X_OK):
                raise PermissionError(13, "没有进入目录的权限（x）")
            reason = "是目录，不是账号文件"
        except OSError as exc:
            reason = f"目录无法读取（{os_reason(exc)}），其中的账号文件未检查"
        result.errors.append(InputError(shown, 1, 1, "", reason))
        return result
    text = _decoded(path, encoding, raw, shown, result.errors)
    if text is None:
        return result
    return load_account_text(text, shown)


def _decoded(path: Path, encoding: str, raw: Optional[bytes], shown: str, errors: list[InputError]) -> Optional[str]:
    """The file's text (``raw`` if its bytes were read already), or None with the reason appended to ``errors``."""
    try:
        return decode_text(read_account_bytes(path) if raw is None else raw, encoding)
    except UnicodeDecodeError as exc:
        line, column = _line_of_byte(exc.object, exc.start)
        errors.append(InputError(
            shown, line, column, "",
            f"文件不是 {encoding} 编码（第 {line} 行第 {column} 个字节无法解码；Windows 下常见的是 GBK/GB18030）。"
            f"请另存为 UTF-8（例如 iconv -f GB18030 -t UTF-8 原文件 > 新文件），或用 --encoding gb18030 读取"))
    except (OSError, LookupError) as exc:
        errors.append(InputError(shown, 1, 1, "", f"无法读取文件：{os_reason(exc)}"))
    return None


def load_account_text(text: str, shown: str) -> LoadResult:
    return load_account_data(text, shown)[0]


def load_account_data(text: str, shown: str, parse: Any = None) -> tuple[LoadResult, Any]:
    """``load_account_text`` and the plain data the document was validated from (None when the text is not
    YAML): what ``import`` compares the result of a text edit with. ``parse``: a parser giving what
    ``parse_yaml_text`` gives (import's, which reads one-line items as text), raising what it raises."""
    result = LoadResult(path=shown)
    parsed = _parse(text, shown, result.errors, parse)
    return (result, None) if parsed is None else (validate_document(parsed, shown), parsed.data)


def parse_account_data(text: str, shown: str, errors: list[InputError], parse: Any = None) -> Optional[ParsedYaml]:
    """The text parsed (``parse``: as ``load_account_data``), or None with the YAML error appended to ``errors``."""
    return _parse(text, shown, errors, parse)


def _parse(text: str, shown: str, errors: list[InputError], parse: Any = None) -> Optional[ParsedYaml]:
    """The parsed text, or None with the YAML error appended to ``errors`` (file, line, column)."""
    try:
        return (parse or parse_yaml_text)(text)
    except (yaml.MarkedYAMLError, *_ruamel_errors()[0]) as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        errors.append(InputError(shown, line, col, "", yaml_message(exc.context, exc.problem)))
    except RecursionError:
        errors.append(InputError(shown, 1, 1, "", "YAML 嵌套层级过深，无法解析"))
    except (yaml.YAMLError, ValueError, *_ruamel_errors()[1]) as exc:
        errors.append(InputError(shown, 1, 1, "", yaml_message(None, str(exc))))
    return None


def load_supervision_file(path: Path, encoding: str = "utf-8") -> SupervisionLoad:
    """Load a ``supervision.yaml`` with the account loader's machinery: every problem an input error with file,
    line, column and field, never an exception."""
    shown = display_path(path)
    errors: list[InputError] = []
    text = _decoded(path, encoding, None, shown, errors)
    if text is None:
        return SupervisionLoad(shown, errors=errors)
    return load_supervision_text(text, shown)


def load_supervision_text(text: str, shown: str) -> SupervisionLoad:
    result = SupervisionLoad(shown)
    parsed = _parse(text, shown, result.errors)
    return result if parsed is None else validate_supervision(parsed, shown)


def validate_supervision(parsed: ParsedYaml, shown: str) -> SupervisionLoad:
    """Validate parsed YAML as a ``supervision.yaml`` and give every node its line."""
    result = SupervisionLoad(shown)
    result.document = _validated(parsed, shown, SupervisionFile, "监管记录文件顶层应为映射（office: …）", result.errors)
    return result


def validate_document(parsed: ParsedYaml, shown: str) -> LoadResult:
    """Validate parsed YAML against the schema and give every node its line."""
    result = LoadResult(path=shown)
    result.document = _validated(parsed, shown, AccountFile, "账号文件顶层应为映射（account: …）", result.errors)
    return result


def _validated(parsed: ParsedYaml, shown: str, model: type[BaseModel], top: str, errors: list[InputError]) -> Any:
    """``parsed`` validated as ``model`` with every node's line, or None with the input errors appended."""
    if not isinstance(parsed.data, dict):
        kind = "空文件" if parsed.data is None else f"顶层是 {type(parsed.data).__name__}"
        errors.append(InputError(shown, 1, 1, "", f"{top}，实际为{kind}"))
        return None
    try:
        document = model.model_validate(parsed.data)
    except ValidationError as exc:
        errors.extend(_validation_errors(exc, parsed, shown, model))
        return None
    assign_lines(document, (), parsed.positions)
    return document


def _position(positions: dict, loc: Path_) -> tuple[int, int]:
    for end in range(len(loc), 0, -1):
        if loc[:end] in positions:
            return positions[loc[:end]]
    return (1, 1)


def _field_name(loc: Path_) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _validation_errors(exc: ValidationError, parsed: ParsedYaml, shown: str,
                       model: type[BaseModel] = AccountFile) -> list[InputError]:
    errors = []
    for error in exc.errors():
        # pydantic appends the name of a before-validator's function or a union branch; drop them.
        loc = tuple(part for part in error["loc"] if isinstance(part, int) or not str(part).startswith("function-"))
        line, col = _position(parsed.positions, loc)
        errors.append(InputError(shown, line, col, _field_name(loc), _message(error, loc, model)))
    return errors


def _message(error: Any, loc: Path_, model: type[BaseModel] = AccountFile) -> str:
    """The input error in Chinese: pydantic's own (English) texts are never shown."""
    kind, value = error["type"], error.get("input")
    written = str(value).lower() if isinstance(value, bool) else repr(getattr(value, "raw", value))
    shown = f"{type_name(value)} {written}"
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"，是否应为 '{close[0]}'？" if close else f"；允许的键：{'、'.join(sorted(allowed))}"
        return f"未知的键 '{key}'{hint}"
    if kind == "missing":
        return "缺少必填字段"
    if kind == "enum":
        return f"取值 {value!r} 无效，应为以下之一（也可写中文名称）：{allowed_values(doc_path(loc))}"
    if kind == "string_type":
        return f"应为字符串（文本），实际为{shown}（请加引号）"
    if kind in ("bool_type", "bool_parsing"):
        return f"应为 true/false（或 是/否），实际为{shown}"
    if kind in ("list_type", "tuple_type"):
        return f"应为列表（每项一行 “- …”，或 [甲, 乙]），实际为{shown}"
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return f"应为映射（键: 值），实际为{shown}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"应为整数，实际为{shown}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"应不小于 {ctx.get('ge', ctx.get('gt'))}，实际为 {value!r}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    return f"取值无效：{shown}"


def _model_of(annotation: Any) -> Optional[type[BaseModel]]:
    """The BaseModel class inside an annotation such as Optional[list[Menu]]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def allowed_keys(model: type[BaseModel], loc: Path_) -> list[str]:
    """The keys the schema allows at ``loc`` (list indices are skipped)."""
    current: Optional[type[BaseModel]] = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = next((f for name, f in current.model_fields.items() if (f.alias or name) == part), None)
        current = _model_of(info.annotation) if info else None
    if current is None:
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


#: model class -> (field name, YAML key) of each field; read once per class, not once per node
_FIELD_KEYS: dict[type, dict[str, str]] = {}


def assign_lines(node: Node, path: Path_, positions: dict) -> None:
    """Give every node of a validated document its line and its keys' lines."""
    own = positions.get(path)
    # pydantic keeps private attributes in this dict; setting them through it skips __setattr__ (hot path)
    private = node.__pydantic_private__
    private["_line"] = own[0] if own else 1
    key_lines = private["_key_lines"]
    keys = _FIELD_KEYS.get(type(node))
    if keys is None:
        keys = _FIELD_KEYS[type(node)] = {name: info.alias or name for name, info in type(node).model_fields.items()}
    for name in node.model_fields_set:  # the fields the file gives (only they have a line), not every field
        key = keys[name]
        where = positions.get(path + (key,))
        if where is None:
            continue
        key_lines[name] = where[0]
        value = getattr(node, name)
        if isinstance(value, Node):
            assign_lines(value, path + (key,), positions)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Node):
                    assign_lines(item, path + (key, index), positions)
