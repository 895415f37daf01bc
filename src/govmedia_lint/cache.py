"""A content-addressed cache of per-file check results.

An entry holds what checking one account file produced (findings, the account
section, the report facts) under a key that covers everything those results
depend on:

* the file's bytes and its displayed path (findings name the file);
* the run: tool version and a digest of the tool's own source, the Python and
  pydantic versions (entries are pickles), the bytes of every pack file, the
  working-day calendar (chinese-calendar version and the user calendar's
  contents), and the options (as-of, period, packs, select, ignore).

Rules that look across the register (``checks/register.py``) are not part of
an entry: the runner evaluates them on every run from the accounts of all
files, so an edit to one file's account section re-checks its neighbours too.
An entry is therefore never stale; changing anything it depends on changes
its key. Entries unused for 30 days are deleted (looked for once a day).

Entries are written to a temporary file in the same directory and renamed
into place (atomic on POSIX and Windows), so runs that share a cache
directory never read a partial entry; a damaged entry reads as a miss.
Entries are pickles: keep the cache directory writable only by the people
who run the tool, as with a virtualenv.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: bump when the layout of an entry changes
FORMAT = 1
#: entries not used for this many days are deleted (see ``Cache.prune``)
PRUNE_AFTER_DAYS = 30
DIR_NAME = ".govmedia-lint-cache"
ENV_DIR = "GOVMEDIA_LINT_CACHE_DIR"

_README = ("# govmedia-lint cache: results of `govmedia-lint check` keyed on file contents, packs and options.\n"
           "# Safe to delete at any time; `govmedia-lint check --no-cache` bypasses it.\n")


def user_cache_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "govmedia-lint"


def default_dir(cwd: Path | None = None) -> Path:
    """``$GOVMEDIA_LINT_CACHE_DIR``, else ``.govmedia-lint-cache/`` in the working directory (beside
    the checked register, as ``.pytest_cache``), else the user cache directory if that is not writable."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    cwd = cwd or Path.cwd()
    if os.access(cwd, os.W_OK):
        return cwd / DIR_NAME
    return user_cache_dir()


def _code_digest() -> str:
    """Digest of the package's own Python source: an edited check (same version number) misses."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def run_key(*, packs: Iterable[Path], calendar: Any, options: dict[str, Any]) -> str:
    """The part of every entry's key that is the same for all files of a run."""
    import chinese_calendar
    import pydantic

    from . import __version__

    digest = hashlib.sha256()

    def add(label: str, value: Any) -> None:
        data = value if isinstance(value, bytes) else repr(value).encode()
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    add("format", FORMAT)
    add("tool", __version__)
    add("code", _code_digest())
    add("python", sys.version_info[:3])
    add("pydantic", pydantic.VERSION)
    add("chinese_calendar", getattr(chinese_calendar, "__version__", "?"))
    for path in sorted(Path(p) for p in packs):
        add("pack", str(path))
        add("pack-bytes", path.read_bytes())
    add("calendar", calendar)
    for name in sorted(options):
        add(f"option-{name}", options[name])
    return digest.hexdigest()


def file_key(run: str, shown_path: str, content: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(run.encode())
    digest.update(b"\0")
    digest.update(shown_path.encode())
    digest.update(b"\0")
    digest.update(content)
    return digest.hexdigest()


class Cache:
    """A cache directory; every method is safe to call from several processes at once."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.entries = self.directory / f"v{FORMAT}"

    def _path(self, key: str) -> Path:
        return self.entries / key[:2] / f"{key}.pickle"

    def read(self, key: str) -> bytes | None:
        """The stored bytes of ``key`` (a pickle of ``(key, value)``), or None. A hit renews the entry."""
        path = self._path(key)
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        try:
            os.utime(path)
        except OSError:
            pass
        return blob

    def prune(self, max_age_days: float = PRUNE_AFTER_DAYS, every_days: float = 1.0) -> int:
        """Delete entries unused for ``max_age_days`` (at most once every ``every_days``); returns how many.

        Each new as-of date, option or pack gives new keys, so a daily run would otherwise grow the
        cache without end."""
        marker = self.directory / "last-prune"
        now = time.time()
        try:
            if now - marker.stat().st_mtime < every_days * 86400:
                return 0
        except OSError:
            pass
        removed = 0
        if not self.entries.is_dir():
            return 0
        try:
            marker.touch()
        except OSError:
            return 0
        for folder in self.entries.iterdir():
            try:
                children = list(os.scandir(folder))
            except OSError:
                continue
            for entry in children:
                try:
                    if now - entry.stat().st_mtime > max_age_days * 86400:
                        os.unlink(entry.path)
                        removed += 1
                except OSError:
                    pass
        return removed

    @staticmethod
    def decode(key: str, blob: bytes) -> Any:
        """The value of a blob read for ``key``; raises ``LookupError`` for a damaged or foreign entry."""
        try:
            stored_key, value = pickle.loads(blob)
        except Exception as exc:
            raise LookupError(f"damaged cache entry {key}") from exc
        if stored_key != key:
            raise LookupError(f"cache entry {key} holds {stored_key}")
        return value

    @staticmethod
    def encode(key: str, value: Any) -> bytes:
        return pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)

    def write(self, key: str, blob: bytes) -> None:
        """Store ``blob`` atomically; a cache that cannot be written is silently skipped."""
        path = self._path(key)
        try:
            if not self.directory.exists():
                self._create()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(blob)
                os.replace(temp, path)
            except BaseException:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
                raise
        except OSError:
            pass

    def _create(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", "# created by govmedia-lint\n*\n"), ("README", _README),
                           ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n" + _README)):
            target = self.directory / name
            if not target.exists():
                try:
                    target.write_text(text, encoding="utf-8")
                except OSError:
                    pass
