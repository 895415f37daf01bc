"""A Weibo post's identities: its numeric id (``mid``), its short code (``bid``) and its links.

``bid`` is the id written in base 62, seven decimal digits per four characters from the right
(``https://weibo.com/<uid>/<bid>``); ``https://m.weibo.cn/status/<mid>`` and ``…/detail/<mid>`` carry the id
itself. Every form names the same post, so a ledger that has any of them matches it exactly.
"""

from __future__ import annotations

import re
from typing import Any, Optional
from urllib.parse import urlsplit

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
_HOSTS = ("weibo.com", "weibo.cn")


def _b62(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number, 62)
        out = ALPHABET[rest] + out
    return out or "0"


def mid_to_bid(mid: str) -> Optional[str]:
    mid = str(mid).strip()
    if not mid.isdigit():
        return None
    parts = []
    while mid:
        mid, group = mid[:-7], mid[-7:]
        code = _b62(int(group))
        parts.insert(0, code.rjust(4, "0") if mid else code)
    return "".join(parts)


def bid_to_mid(bid: Any) -> Optional[str]:
    bid = str(bid or "").strip()
    if not bid or not all(c in _INDEX for c in bid) or bid.isdigit():
        return None
    parts = []
    while bid:
        bid, group = bid[:-4], bid[-4:]
        number = 0
        for c in group:
            number = number * 62 + _INDEX[c]
        parts.insert(0, str(number).rjust(7, "0") if bid else str(number))
    return "".join(parts).lstrip("0") or None


def weibo_url_mid(url: Any) -> Optional[str]:
    """The post id a Weibo link names (``weibo.com/<uid>/<bid>``, ``m.weibo.cn/status/<mid>``), or None."""
    if not url:
        return None
    text = str(url).strip()
    probe = text.lower().replace("\t", "").replace("\r", "").replace("\n", "")  # as urlsplit reads it
    if not any(h in probe for h in _HOSTS):
        return None  # no Weibo host anywhere in it (every WeChat link): not parsed
    parts = urlsplit(text)
    host = parts.netloc.lower().split(":")[0]
    if not any(host == h or host.endswith("." + h) for h in _HOSTS):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) >= 2 and segments[-2] in ("status", "detail"):
        return segments[-1] if segments[-1].isdigit() else bid_to_mid(segments[-1])
    if len(segments) == 2 and segments[0].isdigit():
        last = segments[1]
        return last if last.isdigit() and len(last) > 12 else bid_to_mid(last)
    return None


def weibo_id(post_id: Any) -> Optional[str]:
    """A ``post_id`` as the numeric id: a bid converted, a number as it is."""
    text = str(post_id or "").strip()
    if re.fullmatch(r"\d+", text):
        return text
    return bid_to_mid(text) if re.fullmatch(r"[0-9A-Za-z]{5,12}", text) else None
