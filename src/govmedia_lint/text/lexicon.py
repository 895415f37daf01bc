"""Lexicons: the words a text check looks for, as data.

A lexicon file (YAML) holds entries, each of one of four kinds:

- ``wrong`` → ``right``: a 规范表述 pair (村长 → 村主任);
- ``banned``: a word that must not appear (a 禁用词, or a name that must no longer appear);
- ``caution``: a 慎用 word, reported for a second look;
- ``term``: a correct official term (a leader's name and title, a unit's full name): never a finding
  itself, but its near-misses (one character dropped or two swapped) are 疑似错别字.

Every entry names its ``source`` (or inherits the file's); ``valid_from``/``valid_until`` limit it to texts
dated in that span (a leader's title while in office, a name that must not appear after a date).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..model import empty_list

KINDS = ("wrong", "banned", "caution", "term")
#: the suffix of a user's lexicon file in the register (skipped when account files are discovered)
LEXICON_SUFFIX = ".lexicon.yaml"
BUILTIN_DIR = "data"


class LexiconError(Exception):
    """A lexicon file that cannot be used (a configuration error)."""


def _words(value: Union[str, list[str], None]) -> list[str]:
    if value is None:
        return []
    words = [value] if isinstance(value, str) else list(value)
    return [w.strip() for w in words if w and w.strip()]


class EntryModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    wrong: Union[str, list[str], None] = None
    banned: Union[str, list[str], None] = None
    caution: Union[str, list[str], None] = None
    term: Union[str, list[str], None] = None
    right: Optional[str] = None
    note: Optional[str] = None
    source: Optional[str] = None
    valid_from: Optional[date] = None
    valid_until: Optional[date] = None
    #: near-misses of this entry's correct form(s) are reported (default: on for ``term`` and ``right``)
    near_misses: bool = True

    @model_validator(mode="after")
    def _one_kind(self) -> "EntryModel":
        given = [k for k in KINDS if _words(getattr(self, k))]
        if len(given) != 1:
            raise ValueError("每个词条须有且只有 wrong、banned、caution、term 之一")
        if given[0] == "wrong" and not self.right:
            raise ValueError("wrong 词条须给出 right（规范表述）")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until 早于 valid_from")
        return self


class LexiconModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lexicon: str = Field(min_length=1)
    #: the source of every entry that names none
    source: Optional[str] = None
    entries: list[EntryModel] = Field(default_factory=empty_list)
    #: link domains the register allows besides the pack's (gov.cn allows every *.gov.cn)
    allowed_domains: list[str] = Field(default_factory=empty_list)

    @field_validator("entries", "allowed_domains", mode="before")
    @classmethod
    def _null_is_empty(cls, value):
        return [] if value is None else value

    @model_validator(mode="after")
    def _sourced(self) -> "LexiconModel":
        for index, entry in enumerate(self.entries):
            if not (entry.source or self.source):
                raise ValueError(f"entries[{index}] 没有 source（词条须注明来源）")
        return self


@dataclass(frozen=True)
class Entry:
    kind: Literal["wrong", "banned", "caution", "term"]
    words: tuple[str, ...]
    right: Optional[str]
    note: Optional[str]
    source: str
    lexicon: str
    valid_from: Optional[date] = None
    valid_until: Optional[date] = None
    near_misses: bool = True

    def applies_on(self, day: Optional[date]) -> bool:
        if day is None:
            return True
        return not ((self.valid_from and day < self.valid_from) or (self.valid_until and day > self.valid_until))

    @property
    def correct_forms(self) -> tuple[str, ...]:
        """The forms that are right: a ``term``'s words, a pair's ``right``."""
        if self.kind == "term":
            return self.words
        return (self.right,) if self.right else ()


@dataclass(frozen=True)
class Lexicon:
    name: str
    entries: tuple[Entry, ...]
    origin: str = ""
    allowed_domains: tuple[str, ...] = ()


def parse_lexicon(data: object, origin: str) -> Lexicon:
    try:
        model = LexiconModel.model_validate(data)
    except ValidationError as exc:
        problems = "；".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise LexiconError(f"{origin}：词库格式错误：{problems}") from None
    entries = []
    for item in model.entries:
        kind = next(k for k in KINDS if _words(getattr(item, k)))
        entries.append(Entry(kind, tuple(_words(getattr(item, kind))), item.right, item.note,
                             item.source or model.source or "", model.lexicon, item.valid_from, item.valid_until,
                             item.near_misses))
    return Lexicon(model.lexicon, tuple(entries), origin, tuple(model.allowed_domains))


def read_lexicon(path: Path) -> Lexicon:
    from ..loading import parse_yaml_text, read_text

    try:
        data = parse_yaml_text(read_text(path)).data
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}：无法读取词库：{exc}") from None
    except Exception as exc:  # noqa: BLE001 - a YAML error of any of the two parsers
        raise LexiconError(f"{path}：词库不是有效的 YAML：{exc}") from None
    return parse_lexicon(_plain(data), path.as_posix())


def _plain(value):
    """The loader's numbers keep their text (RawInt); a lexicon wants plain words and dates."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    raw = getattr(value, "raw", None)
    return raw if raw is not None else value


def builtin_names() -> list[str]:
    folder = resources.files(__package__).joinpath(BUILTIN_DIR)
    return sorted(p.name[: -len(LEXICON_SUFFIX)] for p in folder.iterdir() if p.name.endswith(LEXICON_SUFFIX))


@lru_cache(maxsize=None)
def builtin(name: str) -> Lexicon:
    """A lexicon shipped with the tool (``src/govmedia_lint/text/data/NAME.lexicon.yaml``)."""
    resource = resources.files(__package__).joinpath(BUILTIN_DIR).joinpath(name + LEXICON_SUFFIX)
    if not resource.is_file():
        raise LexiconError(f"没有内置词库 {name!r}；可用：{', '.join(builtin_names())}")
    from ..loading import parse_yaml_text

    return parse_lexicon(_plain(parse_yaml_text(resource.read_text(encoding="utf-8")).data), f"内置词库 {name}")


@lru_cache(maxsize=256)
def _user_lexicons_in(folder: str) -> tuple[tuple[str, float, int], ...]:
    return tuple((p.as_posix(), p.stat().st_mtime, p.stat().st_size)
                 for p in sorted(Path(folder).glob("*" + LEXICON_SUFFIX)) if p.is_file())


def lexicon_files_for(account_path: Path) -> list[Path]:
    """The user lexicons that apply to an account file: every ``*.lexicon.yaml`` in its folder and in each
    folder above it up to the working directory (only its own folder when it lies outside)."""
    found = []
    for one in _folders_up(os.path.dirname(os.path.abspath(account_path)), os.getcwd()):  # the register's root first
        found.extend(Path(p) for p, _, _ in _user_lexicons_in(one))
    return found


@lru_cache(maxsize=1024)
def _folders_up(parent: str, cwd: str) -> tuple[str, ...]:
    """The real folders from the working directory down to ``parent`` (``parent`` alone when it lies outside):
    resolved once per folder, not once per account file."""
    folder, root = Path(parent).resolve(), Path(cwd).resolve()
    folders = [folder]
    if folder == root or root in folder.parents:
        while folder != root:
            folder = folder.parent
            folders.append(folder)
    return tuple(one.as_posix() for one in reversed(folders))


@lru_cache(maxsize=256)
def _cached_user_lexicon(path: str, mtime: float, size: int) -> Lexicon:
    return read_lexicon(Path(path))


def user_lexicon(path: Path) -> Lexicon:
    stat = path.stat()
    return _cached_user_lexicon(path.as_posix(), stat.st_mtime, stat.st_size)
