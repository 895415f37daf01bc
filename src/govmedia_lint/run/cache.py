"""A content-addressed cache of per-file check results, safe against the repository it serves.

An entry holds what checking one account file produced (findings, the account
section, the report facts) under a key that covers everything those results
depend on:

* the file's bytes and its displayed path (findings name the file);
* the run: tool version and a digest of the tool's own source, the Python and
  pydantic versions, the bytes of every pack file, the working-day calendar
  (chinese-calendar and lunar-python versions, the user and shipped calendar years, strictness), and the
  options (as-of, period, packs, select, ignore).

Rules that look across the register (``checks/register.py``) are not part of
an entry: the runner evaluates them on every run from the accounts of all
files. An entry is therefore never stale; changing anything it depends on
changes its key. Entries unused for 30 days are deleted (looked for once a day).

The checked repository is untrusted (a pull request writes it), so:

* entries are JSON data (``datacodec``), never pickles, and are validated on read;
* every entry carries its key and an HMAC-SHA256 under a per-user secret kept
  in the user's cache directory (mode 0600): an entry someone else wrote —
  committed to the repository, copied from another machine — is a miss, never
  a result, whatever its name;
* the default directory is in the user's cache directory (one folder per
  repository), not in the working tree; a directory that is a symlink, that
  the user does not own or that git tracks is not used (``open_cache`` says why);
* pruning deletes only regular files named like entries, in folders that are
  not symlinks, and never follows a link.

Entries are written to a temporary file in the same directory and renamed
into place, so runs that share a cache directory never read a partial entry.

Besides per-file entries, the cache keeps the last whole report of each kind of
command (``reports/``, one per format and output): when every file of a run has
the bytes it had then and nothing else reaching the report changed
(``report_key``: the run key above, every file's key, and the command's own
options), ``check`` writes that report again instead of decoding and rendering
thousands of findings. It is signed and verified like an entry.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..safeio import SMALL_LIMIT, read_bytes_limited, read_if_starts_with, replace_file
from . import datacodec

#: bump when the layout of an entry changes
FORMAT = 2
#: entries not used for this many days are deleted (see ``Cache.prune``)
PRUNE_AFTER_DAYS = 30
ENV_DIR = "GOVMEDIA_LINT_CACHE_DIR"
SECRET_NAME = "cache-secret.key"
_MAGIC = b"govmedia-lint-cache 2\n"
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_TEMP = re.compile(r"\.tmp-[A-Za-z0-9_]+\.json")
_FOLDER = re.compile(r"[0-9a-f]{2}")
_REPORT_MAGIC = b"govmedia-lint-report 1\n"
_REPORT = re.compile(r"(?:[0-9a-f]{64}|\.tmp-[A-Za-z0-9_]+)\.report")
#: a cached report is read whole: the largest kept (10,000 accounts' HTML is ~400 MB)
REPORT_LIMIT = 2 << 30
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


def _repository_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def default_dir(cwd: Path | None = None) -> Path:
    """``$GOVMEDIA_LINT_CACHE_DIR``, else a folder of the user cache directory for this repository
    (named after its path, so two checkouts never share results and nothing lands in the working tree)."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    root = _repository_root((cwd or Path.cwd()).resolve())
    digest = hashlib.sha256(str(root).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", root.name)[:40] or "root"
    return user_cache_dir() / "repos" / f"{name}-{digest}"


def _code_digest() -> str:
    """Digest of the package's own files (source and data such as fields.yaml, which names fields in
    messages): an edited check or label (same version number) misses."""
    package = Path(__file__).resolve().parent.parent  # the whole package, not only run/
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def run_key(*, packs: Iterable[Path], calendar: Any, options: dict[str, Any]) -> str:
    """The part of every entry's key that is the same for all files of a run."""
    import chinese_calendar
    import pydantic

    from .. import __version__

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
        add("pack-bytes", read_bytes_limited(path, SMALL_LIMIT))
    add("calendar", calendar)
    for name in sorted(options):
        add(f"option-{name}", options[name])
    return digest.hexdigest()


def account_key_bytes(path: Path, content: bytes) -> bytes:
    """What an account file's entry depends on: its bytes, and the files beside it that its checks read (the
    posts' text store and the user lexicons; nothing added when there are none, so such keys never change)."""
    from ..text.store import text_inputs_digest

    return content + text_inputs_digest(path)


def file_key(run: str, shown_path: str, content: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(run.encode())
    digest.update(b"\0")
    digest.update(shown_path.encode())
    digest.update(b"\0")
    digest.update(content)
    return digest.hexdigest()


def report_key(run: str, file_keys: Iterable[str], inputs: dict[str, Any]) -> str:
    """The key of a whole report: the run key, every file's key in order, and the command's options
    (``inputs``: everything else the report or the exit code depends on, by name)."""
    digest = hashlib.sha256(b"report\0" + run.encode() + b"\0")
    for key in file_keys:
        digest.update(key.encode() + b"\0")
    for name in sorted(inputs):
        data = repr(inputs[name]).encode("utf-8", "surrogatepass")
        digest.update(f"{name}:{len(data)}:".encode() + data)
    return digest.hexdigest()


def report_slot(*parts: Any) -> str:
    """Which stored report a command replaces: one per format and output, so a daily run keeps one copy."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


class CacheRefused(Exception):
    """Why a cache directory is not used (a Chinese sentence)."""


def _owned(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def _git_tracks(directory: Path) -> bool:
    """Whether git tracks any file under ``directory`` (False when git is missing or says nothing)."""
    root = _repository_root(directory.resolve())
    if not (root / ".git").exists():
        return False
    try:
        listed = subprocess.run(  # fsmonitor off: a repository's config must not make us run a program
            ["git", "-c", "core.fsmonitor=false", "-C", str(root), "ls-files", "-z", "--",
             str(directory.resolve().relative_to(root))],
            capture_output=True, timeout=20, stdin=subprocess.DEVNULL, check=False)
    except (OSError, ValueError, subprocess.SubprocessError):
        return False
    return listed.returncode == 0 and bool(listed.stdout.strip(b"\0"))


def _check_directory(directory: Path) -> None:
    """Raise ``CacheRefused`` for a cache directory a repository could have planted or shares with others."""
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise CacheRefused(f"缓存目录 {directory} 无法访问：{exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise CacheRefused(f"缓存目录 {directory} 是符号链接")
    if not stat.S_ISDIR(info.st_mode):
        raise CacheRefused(f"缓存路径 {directory} 不是目录")
    if not _owned(info):
        raise CacheRefused(f"缓存目录 {directory} 不属于当前用户")
    if _git_tracks(directory):
        raise CacheRefused(f"缓存目录 {directory} 中有 git 跟踪的文件（缓存不应提交到仓库）")


def load_secret(folder: Path | None = None) -> bytes:
    """The per-user key that signs cache entries: created once (0600) in the user cache directory."""
    folder = folder or user_cache_dir()
    path = folder / SECRET_NAME
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise CacheRefused(f"无法创建缓存密钥 {path}：{exc.strerror or exc}") from None
    else:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) or not _owned(info) or (os.name == "posix" and info.st_mode & 0o077):
            raise CacheRefused(f"缓存密钥 {path} 不是当前用户独有的普通文件（应为 0600）")
        key = read_bytes_limited(path, 1024)
    except OSError as exc:
        raise CacheRefused(f"无法读取缓存密钥 {path}：{exc}") from None
    if len(key) < 32:
        raise CacheRefused(f"缓存密钥 {path} 已损坏（删除它即可重新生成）")
    return key


class Cache:
    """A cache directory; every method is safe to call from several processes at once."""

    def __init__(self, directory: Path, secret: bytes):
        self.directory = Path(directory)
        self.entries = self.directory / f"v{FORMAT}"
        self._secret = secret

    def _path(self, key: str) -> Path:
        return self.entries / key[:2] / f"{key}.json"

    def _mac(self, key: str, payload: bytes, *more: bytes) -> bytes:
        """The MAC of ``payload`` and ``more`` (parts of one payload, not joined for it) under ``key``."""
        if not more:  # an entry: the one-shot HMAC (OpenSSL's, no HMAC object per entry), the same digest
            return hmac.digest(self._secret, key.encode() + b"\0" + payload, "sha256").hex().encode()
        mac = hmac.new(self._secret, key.encode() + b"\0" + payload, hashlib.sha256)
        for part in more:
            mac.update(part)
        return mac.hexdigest().encode()

    def read(self, key: str) -> bytes | None:
        """The stored bytes of ``key`` (unverified: see ``decode``), or None. A hit renews the entry."""
        path = self._path(key)
        try:
            blob = read_bytes_limited(path, 1 << 30)
        except OSError:
            return None
        try:
            if not stat.S_ISLNK(os.lstat(path).st_mode):
                os.utime(path)
        except OSError:
            pass
        return blob

    def encode(self, key: str, value: Any) -> bytes:
        """An entry: magic line, key, MAC line, JSON. Raises ``ValueError`` for a value ``datacodec`` refuses."""
        payload = datacodec.dumps({"key": key, "value": datacodec.encode(value)})
        return _MAGIC + key.encode() + b"\n" + self._mac(key, payload) + b"\n" + payload

    def decode(self, key: str, blob: bytes) -> Any:
        """The value of an entry read for ``key``; raises ``LookupError`` for a damaged, foreign or forged one."""
        try:
            magic, stored_key, mac, payload = blob.split(b"\n", 3)
        except ValueError:
            raise LookupError(f"damaged cache entry {key}") from None
        if magic + b"\n" != _MAGIC or stored_key != key.encode():
            raise LookupError(f"cache entry {key} is not this key's")
        if not hmac.compare_digest(mac, self._mac(key, payload)):
            raise LookupError(f"cache entry {key} was not written by this user")
        try:
            data = datacodec.loads(payload)
            if not isinstance(data, dict) or data.get("key") != key:
                raise ValueError("key")
            return datacodec.decode(data["value"])
        except (ValueError, KeyError, TypeError) as exc:
            raise LookupError(f"damaged cache entry {key}: {exc}") from None

    def _report_path(self, slot: str) -> Path:
        return self.directory / "reports" / f"{slot}.report"

    def has_report(self, slot: str) -> bool:
        """Whether a report is stored in ``slot`` (cheap: worth hashing every file for a lookup)."""
        return os.path.isfile(self._report_path(slot))

    def write_report(self, slot: str, key: str, header: dict[str, Any], body: bytes) -> None:
        """Store a report under ``key`` in ``slot`` (replacing the slot's previous one); skipped if impossible."""
        meta = datacodec.dumps({**header, "key": key}) + b"\n"
        # the entry is magic, key, MAC and payload (meta and body) on their lines: written in parts, so that a
        # report of hundreds of megabytes is not copied twice more to be signed and written
        parts = (_REPORT_MAGIC + key.encode() + b"\n" + self._mac(key, meta, body) + b"\n" + meta, body)
        path = self._report_path(slot)
        if not self.directory.exists():
            self._create()
        if not all(self._real_dir(p) for p in (self.directory, path.parent)):
            return
        try:
            replace_file(path, parts, prefix=".tmp-", suffix=".report", durable=False)
        except OSError:
            pass

    def read_report(self, slot: str, key: str) -> tuple[dict[str, Any], bytes] | None:
        """(header, body) of the report in ``slot`` if it was stored under ``key`` by this user, else None."""
        path = self._report_path(slot)
        head = _REPORT_MAGIC + key.encode() + b"\n"
        try:
            blob = read_if_starts_with(path, REPORT_LIMIT, head)  # another run's: its key line tells
            if blob is None:
                return None
            end = blob.index(b"\n", len(head))
            mac, payload = blob[len(head):end], blob[end + 1:]
        except (OSError, ValueError):
            return None
        if not hmac.compare_digest(mac, self._mac(key, payload)):
            return None
        meta, _, body = payload.partition(b"\n")
        try:
            header = datacodec.loads(meta)
        except ValueError:
            return None
        if not isinstance(header, dict) or header.get("key") != key:
            return None
        return header, body

    def renew(self, slot: str, keys: Iterable[str]) -> None:
        """Mark the entries behind a report served from ``slot`` as used (once a day at most), so that
        pruning keeps them: they are what the next run with one file changed is built from."""
        try:
            path = self._report_path(slot)
            if time.time() - os.lstat(path).st_mtime < 86400:
                return
            os.utime(path, follow_symlinks=False)
        except (OSError, NotImplementedError):
            return
        for key in keys:
            try:
                os.utime(self._path(key), follow_symlinks=False)
            except (OSError, NotImplementedError):
                pass

    def _real_dir(self, path: Path) -> bool:
        """Create ``path`` if needed; False when it is (or became) anything but a plain directory."""
        try:
            path.mkdir(exist_ok=True, mode=0o700)
            return stat.S_ISDIR(os.lstat(path).st_mode)
        except OSError:
            return False

    def write(self, key: str, blob: bytes) -> None:
        """Store ``blob`` atomically; a cache that cannot be written is silently skipped."""
        path = self._path(key)
        if not self.directory.exists():
            self._create()
        if not all(self._real_dir(p) for p in (self.directory, self.entries, path.parent)):
            return
        try:  # a cache entry need not survive a power cut: no fsync
            replace_file(path, blob, prefix=".tmp-", suffix=".json", durable=False)
        except OSError:
            pass

    def prune(self, max_age_days: float = PRUNE_AFTER_DAYS, every_days: float = 1.0) -> int:
        """Delete entries unused for ``max_age_days`` (at most once every ``every_days``); returns how many.

        Only regular files named like entries (or our temporary files), in two-hex-digit folders, are
        ever deleted; no symlink is followed, so a planted ``v2/ab -> ~/.ssh`` deletes nothing."""
        marker = self.directory / "last-prune"
        now = time.time()
        try:
            info = os.lstat(marker)
            if stat.S_ISLNK(info.st_mode) or now - info.st_mtime < every_days * 86400:
                return 0
        except OSError:
            pass
        try:
            if not stat.S_ISDIR(os.lstat(self.directory).st_mode):
                return 0
            marker.touch()
        except OSError:
            return 0
        removed = 0
        for entries in _plain_entries(self.directory, re.compile(f"v{FORMAT}"), want_dir=True):  # not a link
            for folder in _plain_entries(entries, _FOLDER, want_dir=True):
                for name, info in _plain_entries(folder, None, want_dir=False):
                    if _ENTRY.fullmatch(name) or _TEMP.fullmatch(name):
                        if now - info.st_mtime > max_age_days * 86400 and _unlink_in(folder, name):
                            removed += 1
        for folder in _plain_entries(self.directory, re.compile("reports"), want_dir=True):  # not a link
            for name, info in _plain_entries(folder, _REPORT, want_dir=False):
                if now - info.st_mtime > max_age_days * 86400 and _unlink_in(folder, name):
                    removed += 1
        return removed

    def _create(self) -> None:
        try:
            self.directory.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            return
        if not self._real_dir(self.directory):
            return
        for name, text in ((".gitignore", "# created by govmedia-lint\n*\n"), ("README", _README),
                           ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n" + _README)):
            target = self.directory / name
            try:
                with open(target, "x", encoding="utf-8") as handle:
                    handle.write(text)
            except OSError:
                pass


def _plain_entries(folder: Path, pattern: re.Pattern | None, want_dir: bool):
    """(path, lstat) of the plain directories (``want_dir``) or regular files in ``folder``, never through a link."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        if pattern is not None and not pattern.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if want_dir and stat.S_ISDIR(info.st_mode):
            yield Path(entry.path)
        elif not want_dir and stat.S_ISREG(info.st_mode):
            yield entry.name, info


def _unlink_in(folder: Path, name: str) -> bool:
    """Delete ``folder/name`` where ``folder`` is opened without following a symlink (when the OS can)."""
    if os.unlink in os.supports_dir_fd and hasattr(os, "O_DIRECTORY") and hasattr(os, "O_NOFOLLOW"):
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            return False
        try:
            if not stat.S_ISREG(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
                return False
            os.unlink(name, dir_fd=fd)
            return True
        except OSError:
            return False
        finally:
            os.close(fd)
    try:
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            return False
        os.unlink(folder / name)
        return True
    except OSError:
        return False


def open_cache(directory: Path) -> Cache:
    """The cache at ``directory``; raises ``CacheRefused`` (say why, once) when it must not be used."""
    directory = Path(directory)
    _check_directory(directory)
    entries = directory / f"v{FORMAT}"
    if os.path.lexists(entries) and not stat.S_ISDIR(os.lstat(entries).st_mode):
        raise CacheRefused(f"缓存目录 {entries} 是符号链接或不是目录")
    return Cache(directory, load_secret())
