"""Posts' texts an import brings: kept in the account's text store (one file per year), the post given its
``text_ref``.

A post's key is its identity, so that every source of the same post names the same text: ``wx-<mid>-<idx>`` for
a WeChat article (its URL, or getarticletotaldetail's ``msgid``), ``<platform>-<post_id>`` for a post with an id
(Weibo), else a digest of its URL, else its day and a digest of its title. A post that already has a
``text_ref`` keeps it (its text goes under that key); a post with its text inline (``text:``, written by hand)
keeps that and nothing is stored for it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit

from ..text.store import StoreError, store_changes, write_store
from .errors import ImportFailure
from .values import day_of, to_when


_MSGID = re.compile(r"(\d+)_(\d+)")


def _wechat(url: Any, post_id: str) -> Optional[tuple[str, str]]:
    """``(mid, idx)`` of a WeChat article: its URL's ``mid`` and ``idx``, or a ``msgid`` ``<mid>_<idx>`` (the
    same identity the merge matches posts on)."""
    if url:
        query = parse_qs(urlsplit(str(url).strip()).query)
        mid, idx = query.get("mid", [None])[0], query.get("idx", [None])[0]
        if mid and idx:
            return mid, idx
    match = _MSGID.fullmatch(post_id)
    return (match[1], match[2]) if match else None


def text_key(fields: dict[str, Any], platform: Optional[str]) -> Optional[str]:
    post_id = str(fields.get("post_id") or "").strip()
    wx = _wechat(fields.get("url"), post_id)
    if wx:
        return f"wx-{wx[0]}-{wx[1]}"
    if post_id:
        return f"{platform or 'post'}-{post_id}"
    if fields.get("url"):
        parts = urlsplit(str(fields["url"]).strip())
        shown = parts.netloc.lower() + parts.path + ("?" + parts.query if parts.query else "")
        return "url-" + hashlib.sha256(shown.encode()).hexdigest()[:16]
    when = fields.get("date")
    if when is None:
        return None
    title = " ".join(str(fields.get("title") or "").split())
    return f"{day_of(when).isoformat()}-" + hashlib.sha256(title.encode()).hexdigest()[:12]


def _year(value: Any) -> Optional[int]:
    try:
        when = to_when(value) if value is not None else None
    except ValueError:
        return None
    return day_of(when).year if when else None


class TextKeeper:
    """The texts of one import into one account file, written to its store when the import is written."""

    def __init__(self, account_path: Path, platform: Optional[str]):
        self.path = account_path
        self.platform = platform
        self.texts: dict[int, dict[str, str]] = {}
        #: added, updated, unchanged texts; inline: posts whose hand-written ``text`` was kept
        self.counts: dict[str, int] = {}
        self.written: list[Path] = []

    def key_for_new(self, fields: dict[str, Any]) -> Optional[str]:
        return text_key(fields, self.platform)

    def key_for(self, item: Any, fields: dict[str, Any]) -> Optional[str]:
        """The key of a post already in the file (None: its text is inline and stays so)."""
        if item.get("text"):
            self.counts["inline"] = self.counts.get("inline", 0) + 1
            return None
        kept = item.get("text_ref")
        if kept:
            return str(kept)
        own = {name: item.get(name) or fields.get(name) for name in ("url", "post_id", "date", "title")}
        return text_key(own, self.platform)

    def keep(self, key: str, text: str, when: Any) -> None:
        year = _year(when)
        if year is not None:
            self.texts.setdefault(year, {})[key] = text

    def finish(self, dry_run: bool) -> None:
        if not self.texts:
            return
        try:
            contents, counts = store_changes(self.path, self.texts)
            self.counts.update(counts)
            if not dry_run and contents:
                self.written = write_store(self.path, self.texts)
        except StoreError as exc:
            raise ImportFailure(str(self.path), f"文本库无法写入：{exc}") from None
        except OSError as exc:
            raise ImportFailure(str(self.path), f"文本库写入失败：{exc.strerror or exc}") from None
