"""The text store: posts' texts beside the account file, one file per year, keyed by post.

``accounts/县政府.yaml`` keeps its posts' texts in ``accounts/县政府.texts/2026.yaml``, a mapping of
post key (the post's ``text_ref``) to text, each text a block scalar so that a changed sentence is a
changed line in git. ``check`` reads the store of each account file that has one; a register
without stores reads nothing more. Stores (folders ending ``.texts``) and lexicon files
(``*.lexicon.yaml``) are not account files: discovery skips them.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterable, Optional

from ..safeio import read_bytes_limited
from .lexicon import Lexicon, LexiconError, lexicon_files_for, parse_lexicon, user_lexicon

STORE_SUFFIX = ".texts"
STORE_LIMIT = 200 * 1024 * 1024  # one year file
_HEADER = "# 文章正文（govmedia-lint 文本库）：键为账号文件中 posts[].text_ref，每篇正文为一个块\n"

#: lexicons a rule example brings (engine/examples.py), in place of files
EXAMPLE_LEXICONS: contextvars.ContextVar[tuple[Lexicon, ...]] = contextvars.ContextVar("example_lexicons", default=())


class StoreError(Exception):
    """A store file that cannot be read."""


def store_dir(account_path: Path) -> Path:
    return account_path.with_name(account_path.stem + STORE_SUFFIX)


def store_files(account_path: Path) -> list[Path]:
    folder = store_dir(account_path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


# ── reading ───────────────────────────────────────────────────────────────────────────────────────
_BLOCK_KEY = re.compile(r'^("(?:[^"\\]|\\.)*"|[^\s"#\'{}\[\]&*!|>%@`,?:-][^:#]*?): \|-$')
_QUOTED_ITEM = re.compile(r'^("(?:[^"\\]|\\.)*"|[^\s"#\'{}\[\]&*!|>%@`,?:-][^:#]*?): ("(?:[^"\\]|\\.)*")$')


def _key(token: str) -> str:
    return json.loads(token) if token.startswith('"') else token


def parse_store(text: str) -> Optional[dict[str, str]]:
    """The store's mapping, read line by line in the shape ``write_store`` writes (None: another shape,
    for the YAML parser)."""
    texts: dict[str, str] = {}
    lines = text.split("\n")
    index, count = 0, len(lines)
    while index < count:
        line = lines[index]
        index += 1
        if not line or line.startswith("#"):
            continue
        match = _BLOCK_KEY.match(line)
        if match:
            body = []
            while index < count and (lines[index].startswith("  ") or lines[index] == ""):
                body.append(lines[index][2:])
                index += 1
            while body and body[-1] == "":
                body.pop()
            if body and (body[0].startswith(" ") or body[0] == ""):
                return None  # an indentation indicator would be needed: not our shape
            key = _key(match.group(1))
        else:
            match = _QUOTED_ITEM.match(line)
            if not match:
                return None
            key = _key(match.group(1))
            body = [json.loads(match.group(2))]
        if key in texts:
            return None  # duplicate keys: the YAML parser reports them
        texts[key] = "\n".join(body)
    return texts


def read_store_file(path: Path) -> dict[str, str]:
    from ..loading import parse_yaml_text, read_text

    try:
        text = read_text(path, limit=STORE_LIMIT)
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"无法读取文本库 {path.as_posix()}：{exc}") from None
    texts = parse_store(text)
    if texts is None:
        try:
            data = parse_yaml_text(text).data
        except Exception as exc:  # noqa: BLE001 - a YAML error
            raise StoreError(f"文本库 {path.as_posix()} 不是有效的 YAML：{exc}") from None
        if data is None:
            return {}
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise StoreError(f"文本库 {path.as_posix()} 应为“键: 正文”的映射")
        texts = {str(getattr(k, "raw", k)): v for k, v in data.items()}
    return texts


class TextStore:
    """The texts of one account file, read when first asked for."""

    def __init__(self, account_path: Path):
        self.files = store_files(account_path)
        self._by_year: dict[str, dict[str, str]] = {}
        self.errors: list[str] = []

    def _year(self, path: Path) -> dict[str, str]:
        found = self._by_year.get(path.stem)
        if found is None:
            try:
                found = read_store_file(path)
            except StoreError as exc:
                self.errors.append(str(exc))
                found = {}
            self._by_year[path.stem] = found
        return found

    def get(self, key: str, year: Optional[int] = None) -> Optional[str]:
        ordered = sorted(self.files, key=lambda p: p.stem != str(year))  # the post's year first
        for path in ordered:
            text = self._year(path).get(key)
            if text is not None:
                return text
        return None


# ── writing ───────────────────────────────────────────────────────────────────────────────────────
@cache
def _plain_key() -> re.Pattern:
    """A key written without quotes (compiled when a store is written, not when one is read)."""
    return re.compile(r"^[A-Za-z0-9_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff-]*$")


def _block_safe(text: str) -> bool:
    return bool(text) and not text[0].isspace() and "\r" not in text \
        and not any(ord(c) < 32 and c not in "\n\t" for c in text) and "\ufeff" not in text


def format_store(texts: dict[str, str]) -> str:
    parts = [_HEADER]
    for key in sorted(texts):
        shown = key if _plain_key().match(key) and key not in ("null", "true", "false", "yes", "no") \
            else json.dumps(key, ensure_ascii=False)
        text = texts[key].rstrip()
        if _block_safe(text):
            body = "\n".join(("  " + line) if line else "" for line in text.split("\n"))
            parts.append(f"{shown}: |-\n{body}\n")
        else:
            parts.append(f"{shown}: {json.dumps(text, ensure_ascii=False)}\n")
    return "".join(parts)


def store_changes(account_path: Path, texts_by_year: dict[int, dict[str, str]]
                  ) -> tuple[dict[Path, str], dict[str, int]]:
    """What merging ``texts_by_year`` into the account's store changes: the new contents of each year file that
    changes, and how many texts are ``added``, ``updated`` (a key already there takes the new text) or
    ``unchanged``. Raises ``StoreError`` for a year file that cannot be read."""
    folder = store_dir(account_path)
    contents: dict[Path, str] = {}
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for year, texts in sorted(texts_by_year.items()):
        if not texts:
            continue
        path = folder / f"{year}.yaml"
        before = read_store_file(path) if path.is_file() else {}
        merged = dict(before)
        for key, text in texts.items():
            text = text.rstrip()
            kept = before.get(key)
            counts["added" if kept is None else "unchanged" if kept.rstrip() == text else "updated"] += 1
            merged[key] = text
        if merged != before or not path.is_file():
            contents[path] = format_store(merged)
    return contents, counts


def write_store(account_path: Path, texts_by_year: dict[int, dict[str, str]]) -> list[Path]:
    """Merge ``texts_by_year`` into the account's store (a key already there takes the new text); a year file
    nothing changes in is not rewritten. Each file is written atomically, never through a symlink."""
    from ..safeio import write_atomic

    folder = store_dir(account_path)
    if folder.is_symlink():
        raise StoreError(f"文本库目录 {folder.as_posix()} 是符号链接，拒绝写入")
    contents, _ = store_changes(account_path, texts_by_year)
    for path, text in contents.items():
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    return list(contents)


# ── what a check reads besides the account file ───────────────────────────────────────────────────
def register_lexicons(account_path: Optional[Path]) -> tuple[tuple[Lexicon, ...], list[str]]:
    """(the user lexicons for an account file, errors): files in the register, or an example's."""
    example = EXAMPLE_LEXICONS.get()
    if example or account_path is None or not account_path.is_file():
        return example, []
    found, errors = [], []
    for path in lexicon_files_for(account_path):
        try:
            found.append(user_lexicon(path))
        except (LexiconError, OSError) as exc:
            errors.append(str(exc))
    return tuple(found), errors


def text_inputs_digest(account_path: Path) -> bytes:
    """What the text checks of an account file read besides the file itself (its store and the user
    lexicons), as bytes for the file's cache key; empty when there is nothing (keys unchanged)."""
    paths: Iterable[Path] = [*store_files(account_path), *lexicon_files_for(account_path)]
    digest = None
    for path in paths:
        digest = digest or hashlib.sha256()
        digest.update(path.as_posix().encode() + b"\0")
        try:
            digest.update(hashlib.sha256(read_bytes_limited(path, STORE_LIMIT)).digest())  # never a FIFO
        except OSError:
            digest.update(b"unreadable")
    return b"" if digest is None else b"\0texts\0" + digest.digest()


@lru_cache(maxsize=64)
def example_lexicon(text: str) -> Lexicon:
    from ..loading import parse_yaml_text
    from .lexicon import _plain

    return parse_lexicon(_plain(parse_yaml_text(text).data), "示例词库")
