"""Writing the previous report again when nothing it depends on changed (warm runs).

A warm ``check`` of an unchanged register still decoded every file's cache entry
and rendered every finding: seconds for a province's 35,000 findings, most of it
the report (XLSX alone ~14 s). ``check`` therefore keeps its last report per
format and output in the cache (``Cache.write_report``), under ``report_key``
of:

* the run key (tool version and source, packs, calendar, run options);
* the key of every file, in order: its displayed path and bytes, as the workers
  hashed the bytes they checked (so a file edited during the run cannot be
  stored under its old bytes);
* ``inputs``: every other thing the report or the exit code depends on (format,
  the effective settings, the baseline's bytes, width, colour, title, mask …).

A later run reads and hashes every file; if the key is the same it writes the
stored bytes and exits as that run did, without checking anything. Any
difference is a miss and the run goes on as usual, from the per-file entries.
The report is signed like an entry: a report someone else wrote is never used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..loading import display_path, read_account_bytes
from ..safeio import DATA_LIMIT, read_bytes_limited
from .cache import Cache, CacheRefused, account_key_bytes, file_key, open_cache, report_key, report_slot


@dataclass
class StoredReport:
    output: str | bytes
    exit_code: int
    provisional_years: list[int]
    #: lines the command printed to stderr besides the report (accounts whose imported data is old)
    notes: list[str] = field(default_factory=list)


class ReportReuse:
    """The stored report of one command (``slot``) in one cache directory."""

    def __init__(self, cache: Cache, slot: str, inputs: dict[str, Any]):
        self.cache = cache
        self.slot = slot
        self.inputs = inputs
        #: each file's cache key as ``lookup`` computed it (None: not computed, or a file could not be read)
        self.file_keys: list[str] | None = None

    @classmethod
    def open(cls, directory: Path, slot_parts: tuple, inputs: dict[str, Any]) -> "ReportReuse | None":
        try:
            return cls(open_cache(directory), report_slot(*slot_parts), inputs)
        except CacheRefused:  # check_files says why, once
            return None

    def lookup(self, files: list[Path], run_key: str) -> StoredReport | None:
        """The stored report if every file and input is as it was when it was stored."""
        if not self.cache.has_report(self.slot):  # a first run: do not hash every file for nothing
            return None
        keys = current_file_keys(files, run_key)
        self.file_keys = keys  # the run that follows a miss uses them instead of hashing every file again
        if keys is None:
            return None
        key = report_key(run_key, keys, self.inputs)
        found = self.cache.read_report(self.slot, key)
        if found is None:
            return None
        header, body = found
        try:
            output: str | bytes = body if header["binary"] else body.decode("utf-8")
            stored = StoredReport(output, int(header["exit"]), [int(y) for y in header["provisional"]],
                                  [str(n) for n in header.get("notes", [])])
        except (KeyError, TypeError, ValueError):
            return None
        self.cache.renew(self.slot, keys)
        return stored

    def store(self, run_key: str | None, file_keys: list[str | None], stored: StoredReport) -> None:
        """Keep this run's report, if every file was checked under a key (none unreadable)."""
        if run_key is None or not file_keys or any(key is None for key in file_keys):
            return
        if isinstance(stored.output, bytes):
            body, binary = stored.output, True
        else:
            try:
                body, binary = stored.output.encode("utf-8"), False
            except UnicodeEncodeError:
                return
        key = report_key(run_key, file_keys, self.inputs)  # type: ignore[arg-type]
        header = {"binary": binary, "exit": stored.exit_code, "provisional": list(stored.provisional_years),
                  "notes": list(stored.notes)}
        self.cache.write_report(self.slot, key, header, body)


def current_file_keys(files: list[Path], run_key: str) -> list[str] | None:
    """Each file's cache key as its bytes are now; None if one cannot be read (that run reports it)."""
    keys = []
    for path in files:
        try:
            content = read_account_bytes(path)
        except OSError:
            return None
        keys.append(file_key(run_key, display_path(path), account_key_bytes(path, content)))
    return keys


def file_digest(path: Path | None) -> str | None:
    """The digest of a file the report reads besides the accounts (the baseline); None when absent or unreadable."""
    if path is None:
        return None
    try:
        return hashlib.sha256(read_bytes_limited(path, DATA_LIMIT)).hexdigest()
    except OSError:
        return "unreadable"
