"""Records merged into an account file, round-trip: what the file says is never lost.

- The file is edited as ruamel.yaml's round-trip mode edits it: comments, key order, quoting, flow style and
  every field an importer does not know survive; a file nothing changes in is not rewritten (re-importing is
  byte-identical). Most changes are made as text (textedit.py): new items as the lines the round trip writes,
  where it puts them, and fields added to or completed in one-line items; the result is read back (parsed as the
  checker's loader parses it, one-line items read as text: flowscan.py) and must be the data the round-trip edit
  gives, else the file is edited round-trip (parse and dump of the whole file, ~0.2 s for a year of posts).
- Identity: the platform's id (``post_id``), else the WeChat article's ``mid``+``idx`` from its URL, else the URL,
  else (day, title). Days, not times: a post dated by day in one source and with a time in another is one post.
  A message is its received time (or day) and its summary.
- A matched item gains the fields it lacks; a field it has with another value is a conflict: the file's value is
  kept and the conflict reported. A day-only date gains the time of day from a source on the same day.
- New posts/messages are one flow mapping per line, in date order where the list is in date order.
- The result is validated with the checker's own schema before it is written, atomically (temporary file in the
  same directory, then rename); a symlinked account file is refused. A text edit that read back as meant is
  validated in what it changed: the items added or set and the rest of the file but its other posts and messages,
  which are as they were validated when the file was opened (no rule of the schema relates two items).
"""

from __future__ import annotations

import difflib
import functools
import io
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from ..collector import collector_off
from ..loading import LoadResult, ParsedYaml, load_account_data, load_account_text, parse_account_data, validate_document
from ..safeio import ACCOUNT_LIMIT, linked_folder, read_bytes_limited, write_atomic
from ..yaml_errors import os_reason
from .errors import ImportFailure
from .flowscan import parse_account_text
from .presets import Record
from .textedit import FlowLine, Layout, find_layout, flow_item, flow_value
from .texts import TextKeeper
from .values import FIELD_TYPES, day_of, to_when
from .weibo import weibo_url_mid

#: key order of a new item (a field not listed goes last)
ORDER = {
    "posts": ("date", "title", "original", "source", "source_credited", "source_approved", "commercial_ad",
              "personal_opinion", "editor", "reviewers", "review_record_kept", "declared_date", "url", "post_id",
              "deleted"),
    "messages": ("received_at", "acknowledged_at", "replied_at", "channel", "summary", "inappropriate_reply"),
}
KEY_DATE = {"posts": "date", "messages": "received_at"}


@dataclass
class Conflict:
    collection: str
    line: int
    label: str
    field: str
    kept: Any
    imported: Any
    origin: str


@dataclass
class Outcome:
    """What an import did (or would do) to one account file."""

    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    conflicts: list[Conflict] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    #: records that fit several items (reported with them, never assigned)
    ambiguous: list[str] = field(default_factory=list)
    #: one line per added or updated item, in input order (printed by --dry-run)
    changes: list[str] = field(default_factory=list)
    changed: bool = False
    written: bool = False
    #: collection -> the day its log now goes up to (``data_coverage``), where this import moved it
    coverage: dict[str, date] = field(default_factory=dict)


def shown_value(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}" + (f":{value:%S}" if value.second else "")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


#: YAML 1.1 (PyYAML, yamllint) reads these plain scalars as something other than the text: ``yes``, ``09:30``, ``0o7``
_YAML11 = pyyaml.resolver.Resolver()
#: what ends or cannot start a plain scalar inside ``{…}`` for YAML 1.1 readers although YAML 1.2 allows it there:
#: ``?`` anywhere (``url: http://mp.weixin.qq.com/s?__biz=…``), a leading ``:``
_FLOW_11 = re.compile(r"\?|^:")
#: characters a single-quoted scalar cannot carry as they are (line breaks fold, non-printables need escapes)
_NEEDS_ESCAPES = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")


def _text(value: str) -> str:
    """A text value written so that YAML 1.1 readers (PyYAML's safe loader, yamllint) read the same text as the
    checker's YAML 1.2 loader: quoted where the two would differ, else left to ruamel (plain when it can be)."""
    if _NEEDS_ESCAPES.search(value):
        return DoubleQuotedScalarString(value)
    if _FLOW_11.search(value) or _YAML11.resolve(pyyaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str":
        return SingleQuotedScalarString(value)
    return value


def _yaml_value(value: Any) -> Any:
    """A value as the file writes it: days as dates, times as ``YYYY-MM-DD HH:MM`` text like the sample register,
    text quoted where a YAML 1.1 reader would read it otherwise (``_text``)."""
    if isinstance(value, datetime):
        return shown_value(value)
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        seq = CommentedSeq([_text(v) if isinstance(v, str) else v for v in value])
        seq.fa.set_flow_style()
        return seq
    return value


def _norm(text: Any) -> str:
    return re.sub(r"\s+", "", str(text or "")).lower()


#: a URL whose query ``parse_qs`` reads as it is written: printable ASCII, no fragment, escapes, ``+``, ``;`` or
#: brackets (``urlsplit`` refuses a bracket it cannot read as an IPv6 host)
_SIMPLE_URL = re.compile(r"[!-~]*\Z")
_NOT_SIMPLE = re.compile(r"[#%+;\[\]]")


def wechat_key(url: Any) -> Optional[tuple[str, str]]:
    """``(mid, idx)`` of a WeChat article URL (``…mp.weixin.qq.com/s?__biz=…&mid=…&idx=…&sn=…``)."""
    if not url:
        return None
    text = str(url).strip()
    if _SIMPLE_URL.match(text) and not _NOT_SIMPLE.search(text):
        # what parse_qs gives for such a query: the first non-empty value of each name (a year of rows: the same
        # few URLs' parts read without urlsplit and parse_qs, ~10x faster; tested against them)
        first: dict[str, str] = {}
        for part in text.partition("?")[2].split("&"):
            name, _, value = part.partition("=")
            if value and name not in first:
                first[name] = value
        mid, idx = first.get("mid"), first.get("idx")
    else:
        query = parse_qs(urlsplit(text).query)
        mid, idx = query.get("mid", [None])[0], query.get("idx", [None])[0]
    return (mid, idx) if mid and idx else None


def url_key(url: Any) -> Optional[str]:
    if not url:
        return None
    parts = urlsplit(str(url).strip())
    return (parts.netloc.lower() + parts.path + ("?" + parts.query if parts.query else "")) or None


def _msgid_key(post_id: str) -> Optional[tuple[str, str]]:
    """WeChat's ``msgid`` ``<mid>_<idx>`` (getarticletotaldetail) names the article of URL ``mid``/``idx``."""
    match = re.fullmatch(r"(\d+)_(\d+)", post_id)
    return (match[1], match[2]) if match else None


class _Item:
    """An item of the file: read from the validated document (fast), edited through its round-trip node.

    ``node`` is attached only when the file is to change; from then on the node is what ``get`` reads.
    """

    def __init__(self, collection: str, model: Any = None, node: Optional[CommentedMap] = None,
                 position: int = -1, raw: Optional[dict] = None):
        self.collection = collection
        self.model = model
        self.node = node
        self.position = position
        #: the item's values as the fast loader read them (what the round-trip node holds), and the fields this
        #: import set as text (``AccountEditor._set_line``)
        self.raw = raw
        self.overlay: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        if self.node is None:
            if name in self.overlay:
                return _read(name, self.overlay[name])
            return getattr(self.model, name, None)
        return _read(name, self.node.get(name))

    def exact(self, name: str) -> Any:
        """The value as the round-trip node reads it (the document reads a message's day-only time as 00:00)."""
        if self.node is not None or name in self.overlay or self.raw is None:
            return self.get(name)
        return _read(name, self.raw.get(name))

    @property
    def line(self) -> int:
        """The item's line in the file as read (0: added by this import)."""
        if self.model is not None:
            return self.model.line
        return self.node.lc.line + 1 if self.node is not None and self.node.lc.line is not None else 0

    def label(self) -> str:
        return _label(self.collection, *self.named())

    def named(self) -> tuple[Any, Any]:
        """What ``label`` shows: the date and the title (a message: its time and summary)."""
        return self.get(KEY_DATE[self.collection]), self.get("title" if self.collection == "posts" else "summary")


def _label(collection: str, when: Any, text: Any) -> str:
    shown = shown_value(when) if when else "?"
    if collection == "posts":
        return f"《{text}》（{shown}）" if text else f"{shown} 的信息"
    return f"{shown} 收到的留言" + (f"“{text}”" if text else "")


def _read(name: str, value: Any) -> Any:
    """A value of the file as the merge compares it: times and days parsed."""
    if value is None:
        return None
    if type(value) is date:
        return value  # what ``to_when`` gives a day (most dates of a file)
    if FIELD_TYPES.get(name) == "when":
        try:
            return to_when(value)
        except ValueError:
            return None
    return value


def _strong_keys(fields: dict[str, Any]) -> tuple[tuple, ...]:
    """The identities of an item, strongest first: the platform's id (a Weibo link or ``bid`` gives the id it
    names), WeChat's mid/idx, the URL. Computed once per (id, URL): an item's are asked for every time it is filed
    or compared."""
    url = fields.get("url")
    return _strong_keys_of(str(fields.get("post_id") or ""), str(url) if url else None)


@functools.lru_cache(maxsize=1 << 16)
def _strong_keys_of(post_id: str, url: Optional[str]) -> tuple[tuple, ...]:
    keys = []
    post_id = post_id.strip()
    if post_id:
        keys.append(("id", post_id))
    linked = weibo_url_mid(url)
    if linked and ("id", linked) not in keys:
        keys.append(("id", linked))
    wx = wechat_key(url) or _msgid_key(post_id)
    if wx:
        keys.append(("wx", *wx))
    elif url and not linked:
        keys.append(("url", url_key(url)))
    return tuple(keys)


_KINDS = ("id", "wx", "url")
#: every set of strong-key kinds an item can carry (an item matches a record only if they share no kind)
_KIND_SETS = [frozenset(k for bit, k in enumerate(_KINDS) if mask >> bit & 1) for mask in range(1 << len(_KINDS))]


def _shortened(title: Any) -> bool:
    """A title cut short with "…" (a Weibo text shown to 60 characters), which ``_same_title`` matches by its start."""
    if title is None or "…" not in str(title):
        return False  # most titles: no "…" anywhere, so none at the end either
    text = _norm(title)
    return text.endswith("…") and len(text) > 10


def _same_title(mine: Any, theirs: Any) -> bool:
    """Titles agree, a shortened one (a Weibo text cut to 60 characters and "…") with the start of the other."""
    a, b = _norm(mine), _norm(theirs)
    if a == b:
        return True
    for short, full in ((a, b), (b, a)):
        if short.endswith("…") and len(short) > 10 and full.startswith(short[:-1]):
            return True
    return False


class Ambiguous(Exception):
    """A record that fits several items equally well: reported with them, never assigned."""

    def __init__(self, candidates: list["_Item"]):
        super().__init__(len(candidates))
        self.candidates = candidates


class _Index:
    """The items of one collection, found by strong key, else by day through buckets of what ``_same`` compares.

    A bucket holds the items of one day that agree on what ``_same`` needs equal (the strong-key kinds they carry,
    the title or summary, the minute), so a record is compared with the few items that can match it, never with
    every item of its day: 8,000 rows of one day are 8,000 look-ups, not 32 million comparisons. ``_same`` still
    decides, on the items' current values; an item whose values change is filed again (``refresh``).

    An item goes into its day's buckets when something first goes into or is looked up in that day's (a new post
    of a day the file has none of files nothing): the buckets of a day are then what filing every item at the
    first look-up gives, in the same order."""

    def __init__(self, collection: str):
        self.collection = collection
        self.items: list[_Item] = []
        self.strong: dict[tuple, _Item] = {}
        self.buckets: dict[tuple, dict[int, _Item]] = defaultdict(dict)
        self.filed: dict[int, tuple[int, list[tuple]]] = {}  # id(item) -> (order, bucket keys)
        #: day -> (order, item) of the posts of that day, for the rare titles that cannot be bucketed (a Weibo
        #: text shortened with "…" matches the start of the full one)
        self.by_day: dict[date, list[tuple[int, _Item]]] = defaultdict(list)
        self.shortened_days: set[date] = set()
        #: items not yet in the buckets: filed when a record first needs them (a record found by its id does not)
        self.unfiled: list[tuple[int, _Item]] = []
        #: day -> the items of that day not yet in its buckets (filed with the day's first bucket, ``_file_day``)
        self.pending: dict[date, list[tuple[int, _Item]]] = {}
        self.pending_day: dict[int, date] = {}  # id(item) -> its day in ``pending``

    def add(self, item: _Item, strong_only: bool = False) -> None:
        fields = {name: item.get(name) for name in ("post_id", "url")}
        for key in _strong_keys(fields):
            self.strong.setdefault(key, item)
        if strong_only:
            return
        self.items.append(item)
        self.unfiled.append((len(self.items), item))

    def _file_all(self) -> None:
        """File the items added since the last look-up (on their values now, as ``refresh`` would)."""
        for order, item in self.unfiled:
            when = self._when(item)
            if when is None:
                self._file(item, order)  # in no bucket
                continue
            day = day_of(when)
            self.pending.setdefault(day, []).append((order, item))  # its buckets are of its day (``_keys``)
            self.pending_day[id(item)] = day
            if self.collection == "posts":
                self.by_day[day].append((order, item))
                if _shortened(item.get("title")):
                    self.shortened_days.add(day)
        self.unfiled.clear()

    def _file_day(self, day: date) -> None:
        """File the items of ``day`` that wait in ``pending``, in file order."""
        for order, item in self.pending.pop(day, ()):
            del self.pending_day[id(item)]
            self._file(item, order)

    def refresh(self, item: _Item) -> None:
        """File ``item`` again after its fields changed (its strong keys are added, its buckets recomputed)."""
        self.add(item, strong_only=True)
        if id(item) in self.pending_day:
            self._file_day(self.pending_day[id(item)])  # its day as it was filed for, then the item again
        if id(item) in self.filed:
            self._file(item, self.filed[id(item)][0])

    def refresh_all(self) -> None:
        self._file_all()
        for day in list(self.pending):
            self._file_day(day)
        for item in self.items:
            self._file(item, self.filed[id(item)][0])

    def _file(self, item: _Item, order: int) -> None:
        old = self.filed.pop(id(item), None)
        for key in old[1] if old else ():
            self.buckets[key].pop(order, None)
        keys = self._keys(item)
        if keys:
            self._file_day(keys[0][1])  # every key of an item names its day: that day's waiting items go first
        for key in keys:
            self.buckets[key][order] = item
        self.filed[id(item)] = (order, keys)

    def _when(self, item: _Item) -> Any:
        other = item.get(KEY_DATE[self.collection])
        if item.node is None and isinstance(other, datetime) and other.time() == time(0):
            other = other.date()  # as ``_same`` reads it
        return other

    def _keys(self, item: _Item) -> list[tuple]:
        when = self._when(item)
        if when is None:
            return []
        day = day_of(when)
        kinds = frozenset(key[0] for key in _strong_keys({name: item.get(name) for name in ("post_id", "url")}))
        minute = when.replace(second=0, microsecond=0) if isinstance(when, datetime) else None
        if self.collection == "posts":
            text = _norm(item.get("title"))
            keys = [("t", day, text, kinds), ("tm", day, text, minute, kinds)]
            return keys + ([("pm", day, minute, kinds)] if minute is not None else [])  # its minute, any title
        summary = item.get("summary")
        text = None if summary is None else _norm(summary)
        return [("m", day, minute, kinds), ("mt", day, minute, text, kinds), ("st", day, text, kinds),
                ("d", day, kinds)]

    def _bucket_keys(self, fields: dict[str, Any], when: Any, kinds: set[str]) -> list[tuple]:
        day = day_of(when)
        sets = [k for k in _KIND_SETS if not k & kinds]
        minute = when.replace(second=0, microsecond=0) if isinstance(when, datetime) else None
        if self.collection == "posts":
            text = _norm(fields.get("title"))
            if minute is None:
                return [("t", day, text, k) for k in sets]
            out = [("tm", day, text, m, k) for k in sets for m in (minute, None)]
            out += [("tm", day, "", minute, k) for k in sets]  # a post without a title, at this minute
            if not text:  # a record without a title: the posts of this minute, whatever their titles
                out += [("pm", day, minute, k) for k in sets]
            return out
        summary = fields.get("summary")
        text = None if summary is None else _norm(summary)
        if minute is None:
            if text is None:
                return [("d", day, k) for k in sets]
            return [("st", day, t, k) for k in sets for t in (text, None)]
        out = [("m", day, minute, k) for k in sets] + [("mt", day, None, None, k) for k in sets]
        out += [("mt", day, None, text, k) for k in sets] if text is not None else [("m", day, None, k) for k in sets]
        return out

    def _candidates(self, fields: dict[str, Any], when: Any, keys: list[tuple]) -> list[_Item]:
        """The items ``_same`` accepts, in file order (posts: the first two at most — one is the match, two
        make the record ambiguous, which is all ``find`` needs to know)."""
        self._file_all()
        kinds = {key[0] for key in keys}
        found: dict[int, _Item] = {}
        day = day_of(when)
        self._file_day(day)
        if self.collection == "posts" and (_shortened(fields.get("title")) or day in self.shortened_days):
            pairs = iter(self.by_day.get(day, []))  # a shortened title: the day's posts, compared one by one
        else:
            pairs = (pair for bucket_key in self._bucket_keys(fields, when, kinds)
                     for pair in self.buckets.get(bucket_key, {}).items())
        for order, item in pairs:
            if order in found or not self._same(item, fields, when, keys):
                continue
            found[order] = item
            if self.collection == "posts" and len(found) == 2:
                break
        ordered = [found[order] for order in sorted(found)]
        return ordered[:2] if self.collection == "posts" else ordered

    def find(self, fields: dict[str, Any]) -> Optional[_Item]:
        keys = _strong_keys(fields)
        for key in keys:
            if key in self.strong:
                return self.strong[key]
        when = fields[KEY_DATE[self.collection]]
        candidates = self._candidates(fields, when, keys)
        if self.collection == "messages" and len(candidates) > 1:
            exact = [item for item in candidates if _norm(item.get("summary")) == _norm(fields.get("summary"))]
            candidates = exact if len(exact) == 1 else ([] if not isinstance(when, datetime) else candidates)
        if self.collection == "posts" and len(candidates) > 1:
            raise Ambiguous(candidates)  # same day, same time and title as far as the record says: never a guess
        return candidates[0] if candidates else None

    def _same(self, item: _Item, fields: dict[str, Any], when: Any, keys: list[tuple]) -> bool:
        theirs = _strong_keys({name: item.get(name) for name in ("post_id", "url")})
        kinds = {key[0] for key in keys}
        if any(key[0] in kinds for key in theirs):
            return False  # both carry an id of one kind, and they differ: another post
        other = item.get(KEY_DATE[self.collection])
        if item.node is None and isinstance(other, datetime) and other.time() == time(0):
            other = other.date()  # the document reads a message's day-only ``received_at`` as 00:00
        timed = isinstance(other, datetime) and isinstance(when, datetime)
        if timed and other.replace(second=0) != when.replace(second=0):
            return False  # two times on one day: two posts or messages
        text = "title" if self.collection == "posts" else "summary"
        mine, their = fields.get(text), item.get(text)
        if self.collection == "messages" and (timed or mine is None or their is None):
            return True  # a message is its minute; a ledger's summary is its own wording
        if mine is None or their is None:
            return timed  # no title to compare: only the same minute names the post
        return _same_title(mine, their)


def _same_value(name: str, kept: Any, new: Any) -> bool:
    if FIELD_TYPES.get(name) == "list":
        return [str(v).strip() for v in (kept or [])] == [str(v).strip() for v in new]
    if FIELD_TYPES.get(name) == "text":
        return str(kept).strip() == str(new).strip()
    return kept == new


def _compare(name: str, kept: Any, new: Any) -> str:
    """``absent``, ``same``, ``more precise`` (a day gains its time of day) or ``conflict``."""
    if kept is None:
        return "absent"
    if FIELD_TYPES.get(name) == "when":
        if day_of(kept) != day_of(new):
            return "conflict"
        if isinstance(new, datetime) and not isinstance(kept, datetime):
            return "more precise"
        if isinstance(new, datetime) and isinstance(kept, datetime) and kept.replace(second=0) != new.replace(second=0):
            return "conflict"
        return "same"
    return "same" if _same_value(name, kept, new) else "conflict"


_SEQ_ENTRY = re.compile(r"^( *)- ", re.M)


def _dumper(text: str) -> YAML:
    """A round-trip YAML with the file's own indentation, read from its first block list (else the sample
    register's ``  - {…}`` under a key) and its first nested key."""
    mapping, sequence, offset = 2, 4, 2
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = _SEQ_ENTRY.match(line)
        if not match or number == 0:
            continue
        parent = next((p for p in reversed(lines[:number]) if p.strip() and not p.lstrip().startswith("#")), "")
        if parent.rstrip().endswith(":") and not parent.lstrip().startswith("- "):
            offset = len(match[1]) - (len(parent) - len(parent.lstrip()))
            sequence = offset + 2
            break
    for before, line in zip(lines, lines[1:]):
        if before and not before[0].isspace() and before.rstrip().endswith(":") and line[:1] == " ":
            stripped = line.lstrip()
            if not stripped.startswith(("-", "#")):
                mapping = len(line) - len(stripped)
                break
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=mapping, sequence=max(sequence, 2), offset=max(offset, 0))
    return yaml


_NULLS = ("null", "Null", "NULL", "~")


def line_ending(lines: list[str]) -> str:
    """The line ending of a file's first ended line (``splitlines(keepends=True)``), "\\n" when there is none."""
    return next((line[len(line.rstrip("\r\n")):] for line in lines if line.endswith(("\n", "\r"))), "\n")


def _restore_nulls(before: str, after: str) -> str:
    """ruamel writes every null as an empty value: give back the lines that said ``key: null`` / ``key: ~``."""
    if not any(f": {word}" in before for word in _NULLS):
        return after
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    out: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "replace" and a2 - a1 == b2 - b1:
            for was, now in zip(old[a1:a2], new[b1:b2]):
                bare = was.rstrip()
                out.append(was if any(bare == now.rstrip() + " " + word for word in _NULLS) else now)
        else:
            out.extend(new[b1:b2])
    return "".join(out)


_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


def _covered_text(text: str, collection: str, entry: str) -> str:
    """``text`` with ``data_coverage.<collection>`` set to ``entry`` (one line), edited as text.

    The block's line for the collection is replaced, or added under ``data_coverage:`` (the key is added at the
    end of the file when absent). The file's line ending and indentation are kept; a ``data_coverage`` written
    another way (a flow mapping on its key's line) is an error naming it."""
    lines = text.splitlines(keepends=True)
    ending = line_ending(lines)
    indent = next((line[:len(line) - len(line.lstrip(" "))] for line in lines[1:]
                   if line.startswith(" ") and line.strip() and not line.lstrip().startswith(("#", "-"))), "  ")
    at = next((n for n, line in enumerate(lines) if re.match(r"^data_coverage\s*:", line)), None)
    new = f"{indent}{collection}: {entry}{ending}"
    if at is None:
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += ending
        return "".join(lines) + f"data_coverage:{ending}" + new
    rest = lines[at].split(":", 1)[1].split("#", 1)[0].strip()
    if rest not in ("", "null", "~"):
        raise ImportFailure("data_coverage", "登记文件中的 data_coverage 写在一行内，无法更新；请改为每类一行"
                            "（posts: {through: …}）后再导入", at + 1)
    lines[at] = "data_coverage:" + lines[at][len(lines[at].rstrip("\r\n")):] if rest else lines[at]
    end, last = at + 1, at
    while end < len(lines) and not _TOP_KEY.match(lines[end]):
        if lines[end].strip() and not lines[end].lstrip().startswith("#"):
            last = end
        if re.match(rf"^\s+{re.escape(collection)}\s*:", lines[end]):
            lines[end] = re.match(r"^\s*", lines[end])[0] + f"{collection}: {entry}{ending}"
            if not lines[end].rstrip().endswith("}"):
                raise ImportFailure("data_coverage", f"登记文件中的 data_coverage.{collection} 不是一行，无法更新", end + 1)
            return "".join(lines)
        end += 1
    lines.insert(last + 1, new)
    return "".join(lines)


@dataclass
class _Splice:
    """A list edited as text: its layout in the file, its items in the round trip's order (an int: the file's
    item at that position, else a new item's node) and their days while the list is in date order."""

    layout: Layout
    order: list
    days: Optional[list[date]]


@functools.lru_cache(maxsize=1)
def _implicit() -> dict:
    """ruamel.yaml's YAML 1.2 implicit resolvers (first character -> (tag, pattern)), as its ``resolve`` reads them."""
    return {first: list(found) for first, found in YAML().resolver.versioned_resolver.items()}


def _plain_is_text(text: str) -> bool:
    """Whether the round-trip dumper would write ``text`` plain (ruamel.yaml reads it back as text): its
    ``resolve`` without the path resolvers, which none of the dumpers here has."""
    table = _implicit()
    for tag, pattern in table.get(text[:1], []) + table.get(None, []):
        if pattern.match(text):
            return str(tag) == "tag:yaml.org,2002:str"
    return True


class AccountEditor:
    """An account file opened for merging."""

    def __init__(self, path: Path, text_edits: bool = True):
        self.path = path
        self.shown = str(path)
        if path.is_symlink():
            raise ImportFailure(self.shown, "登记文件是符号链接，拒绝通过链接写入；请直接指定实际文件")
        folder = linked_folder(path)
        if folder is not None:
            raise ImportFailure(self.shown, f"登记文件经过符号链接目录 {folder}，拒绝通过链接写入（以免写到仓库之外）")
        if not path.is_file():
            raise ImportFailure(self.shown, "登记文件不存在（可先用 govmedia-lint init 生成）")
        try:
            raw = read_bytes_limited(path, ACCOUNT_LIMIT)
        except OSError as exc:
            raise ImportFailure(self.shown, f"无法读取登记文件：{os_reason(exc)}") from None
        self.raw = raw  # compared again before writing: a concurrent writer is reported, never overwritten
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        try:
            self.text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFailure(self.shown, "登记文件不是 UTF-8 编码；请先转换（iconv -f GB18030 -t UTF-8）") from None
        with collector_off():
            checked, self.plain = load_account_data(self.text, self.shown, parse_account_text)
        #: collection -> the positions of its items a text edit added or set (``_as_round_trip``)
        self.edited: dict[str, list[int]] = {}
        if checked.errors:
            first = checked.errors[0]
            raise ImportFailure(self.shown, f"登记文件有输入错误，请先修正后再导入：{first.message}", first.line)
        self.document = checked.document
        #: False: every change is made on the round-trip tree (what the text edits are tested against)
        self.text_edits = text_edits
        self.yaml: Optional[YAML] = None
        self.data: Optional[CommentedMap] = None  # the round-trip tree, loaded only when a change needs it
        self.indexes: dict[str, _Index] = {}
        self.days: dict[str, Optional[list[date]]] = {}
        #: the changes made as text, in order: replayed on the round-trip tree if it is loaded after all
        self.pending: list[tuple] = []
        #: collection -> where its items are and the order the round trip would give them, new ones included
        self.spliced: dict[str, Optional[_Splice]] = {}
        #: (collection, position) -> a one-line item and the fields set in it (key -> value text)
        self.line_edits: dict[tuple[str, int], tuple[FlowLine, dict[str, str]]] = {}
        self._lines: Optional[list[str]] = None
        #: id(node) -> the line of a new item, until a later row completes it
        self.new_lines: dict[int, str] = {}
        #: collection -> its new ``data_coverage`` entry, as the flow mapping written
        self.coverage: dict[str, str] = {}
        self.outcome = Outcome()
        #: posts' texts, for the account's text store (texts.py)
        self.texts = TextKeeper(path, self.document.account.platform.value)

    def _yaml(self) -> YAML:
        self.yaml = self.yaml or _dumper(self.text)
        return self.yaml

    def _round_trip(self) -> CommentedMap:
        """Load the round-trip tree (once), attach every indexed item to its node and make on it the changes
        made as text so far, in their order."""
        if self.data is None:
            self.data = self._yaml().load(self.text)
            for collection, index in self.indexes.items():
                nodes = self.data.get(collection) or []
                for item in index.items:
                    if item.position >= 0:
                        item.node = nodes[item.position]
            pending, self.pending = self.pending, []
            self.spliced.clear()
            self.line_edits.clear()
            for change in pending:
                if change[0] == "add":
                    self._insert(change[1], change[2])
                else:
                    _, item, name, value = change
                    item.node[name] = _yaml_value(value)
                    item.overlay.clear()
            for index in self.indexes.values():
                index.refresh_all()  # values are read from the nodes from now on
        return self.data

    def _text_lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines(keepends=True)
        return self._lines

    def _splice(self, collection: str) -> Optional[_Splice]:
        """Where new items of ``collection`` go as text, or None (the change is made round-trip): a block list
        whose items each start with ``- `` at one indentation, or no such key (a new list at the end)."""
        if collection in self.spliced:
            return self.spliced[collection]
        splice = None
        models = getattr(self.document, collection)
        plain = self.plain.get(collection, []) if isinstance(self.plain, dict) else None
        if isinstance(plain, list) and len(plain) == len(models):
            if collection not in self.plain:
                layout: Optional[Layout] = Layout([], None, " " * self._yaml().sequence_dash_offset)
            elif models:
                layout = find_layout(self._text_lines(), [model.line for model in models])
            else:
                layout = None  # ``posts: []``: the round trip writes the list anew
            if layout is not None:
                key = KEY_DATE[collection]
                days = [self._day(item, key) for item in plain]
                ordered = None not in days and all(a <= b for a, b in zip(days, days[1:]))
                splice = _Splice(layout, list(range(len(plain))), days if ordered else None)
        self.spliced[collection] = splice
        return splice

    def _splice_add(self, collection: str, node: CommentedMap) -> bool:
        """Keep a new item as a text line where the round trip would put it (``_insert``: in date order, after
        the items of its day, when the list is in date order; else at the end)."""
        if not self.text_edits or self.data is not None:
            return False
        splice = self._splice(collection)
        day = self._day(node, KEY_DATE[collection])
        if splice is None or day is None:
            return False
        position = len(splice.order) if splice.days is None else bisect_right(splice.days, day)
        if position == len(splice.order) and splice.layout.starts and splice.layout.end is None:
            return False  # after a last item written over several lines: where its end is, the round trip knows
        line = self._flow_line(node)
        if line is None:
            return False
        self.new_lines[id(node)] = line
        splice.order.insert(position, node)
        if splice.days is not None:
            splice.days.insert(position, day)
        self.pending.append(("add", collection, node))
        return True

    def _flow_line(self, node: CommentedMap) -> Optional[str]:
        """``- {…}`` as the round trip writes the new item, or None when that is not one line."""
        line = flow_item(dict(node), _plain_is_text)
        if line is not None:
            return line
        dumped = self._dump(self._yaml(), [node])
        return None if "\n" in dumped.rstrip("\n") else dumped.strip(" \n")

    def _set_line(self, item: _Item, name: str, value: Any) -> bool:
        """Set a field of an item that is one line (``- {…}``) in that line: added before the ``}``, or its value
        replaced, as the round trip writes it."""
        if not self.text_edits or self.data is not None or item.raw is None or item.position < 0:
            return False
        where = (item.collection, item.position)
        if where not in self.line_edits:
            at = item.model.line - 1
            lines = self._text_lines()
            flow = FlowLine.parse(lines[at]) if 0 <= at < len(lines) else None
            if flow is None or set(flow.values) != set(item.raw):
                return False
            self.line_edits[where] = (flow, {})
        shown = flow_value(_yaml_value(value), _plain_is_text)
        if shown is None:
            return False
        self.line_edits[where][1][name] = shown
        item.overlay[name] = _yaml_value(value)
        self.pending.append(("set", item, name, value))
        return True

    def _spliced_text(self) -> Optional[str]:
        """The file with the changes made as text: fields set in their lines, new items between the lines the
        round trip puts them between, a new list at the end of the file (None: a new item that is no longer one
        line, after another source's row completed it)."""
        lines = list(self._text_lines())
        ending = line_ending(lines)
        for (collection, position), (flow, changes) in self.line_edits.items():
            at = getattr(self.document, collection)[position].line - 1
            lines[at] = flow.edited(changes)
        before: dict[int, list[str]] = defaultdict(list)
        after: dict[int, list[str]] = defaultdict(list)
        blocks: list[str] = []
        for collection, splice in self.spliced.items():
            if splice is None:
                continue
            layout, waiting = splice.layout, []
            for entry in splice.order:
                if isinstance(entry, int):
                    before[layout.starts[entry]] += waiting
                    waiting = []
                    continue
                line = self.new_lines.get(id(entry))
                if line is None:  # a later row completed the item: written as it is now
                    line = self._flow_line(entry)
                if line is None:
                    return None
                waiting.append(layout.indent + line + ending)
            if waiting and layout.starts:
                after[layout.end] += waiting
            elif waiting:
                blocks += [f"{collection}:{ending}", *waiting]
        out: list[str] = []
        for number, line in enumerate(lines):
            out += before.get(number, ())
            if number in after or (blocks and number == len(lines) - 1):
                if not line.endswith(("\n", "\r")):
                    line += ending
            out.append(line)
            out += after.get(number, ())
        return "".join(out + blocks)

    def _as_round_trip(self, result: Any) -> bool:
        """Whether the text edits read back (``result``, the fast loader's data) as the data the round-trip edit
        gives: every item as it was but for the fields set, the new items where ``_insert`` puts them."""
        if not isinstance(result, dict) or not isinstance(self.plain, dict):
            return False
        expected = dict(self.plain)
        sets: dict[tuple[str, int], dict[str, Any]] = defaultdict(dict)
        for change in self.pending:
            if change[0] == "set":
                _, item, name, value = change
                sets[(item.collection, item.position)][name] = _yaml_value(value)
        added = {change[1] for change in self.pending if change[0] == "add"}
        self.edited = {collection: [] for collection in ORDER}
        for collection in {key[0] for key in sets} | added:
            old = [dict(item, **sets.get((collection, k), {})) for k, item in enumerate(self.plain.get(collection) or [])]
            splice = self.spliced.get(collection)
            if splice is None:
                return False
            expected[collection] = [old[entry] if isinstance(entry, int) else dict(entry) for entry in splice.order]
            self.edited[collection] = [k for k, entry in enumerate(splice.order)
                                       if not isinstance(entry, int) or (collection, entry) in sets]
        if self.coverage:
            expected["data_coverage"] = result.get("data_coverage")
        return result == expected

    def _validated_edits(self, parsed: ParsedYaml) -> LoadResult:
        """The text edits' result validated as the checker's loader validates it, once ``_as_round_trip`` found it
        to be the file's data as it was but for the items added or set (``edited``): those items are validated, and
        every other part of the file but the file's other posts and messages, which are the file's as validated
        when it was opened (each item is validated on its own: no rule of the schema relates two items). An error
        names the line of the file (tested against validating the whole result)."""
        data = dict(parsed.data)
        renumber: dict[tuple[str, int], int] = {}
        for collection, kept in self.edited.items():
            items = data.get(collection)
            if not isinstance(items, list):
                continue
            data[collection] = [items[k] for k in kept]
            renumber.update({(collection, k): new for new, k in enumerate(kept)})
        positions = {}
        for key, where in parsed.positions.items():
            if len(key) > 1 and key[0] in self.edited:
                new = renumber.get(key[:2])
                if new is None:
                    continue
                key = (key[0], new, *key[2:])
            positions[key] = where
        return validate_document(ParsedYaml(data, positions), self.shown)

    def _attach(self, item: _Item) -> None:
        if item.node is None:
            self._round_trip()

    @staticmethod
    def _dump(yaml: YAML, data: Any) -> str:
        out = io.StringIO()
        yaml.dump(data, out)
        return out.getvalue()

    def account_facts(self) -> dict[str, Optional[str]]:
        account = self.document.account
        return {"platform": account.platform.value, "account_id": account.account_id, "name": account.name,
                "file": str(self.path)}

    def _seq(self, collection: str) -> CommentedSeq:
        self._round_trip()
        value = self.data.get(collection)
        if isinstance(value, CommentedSeq) and (len(value) or not value.fa.flow_style()):
            return value
        seq = CommentedSeq()
        if collection in self.data:
            self.data[collection] = seq
        else:
            self.data.insert(len(self.data), collection, seq)
        return seq

    def _index(self, collection: str) -> _Index:
        if collection not in self.indexes:
            index = _Index(collection)
            nodes = self.data.get(collection) or [] if self.data is not None else None
            models = getattr(self.document, collection)
            plain = self.plain.get(collection) if isinstance(self.plain, dict) else None
            raws = plain if isinstance(plain, list) and len(plain) == len(models) else [None] * len(models)
            for position, (model, raw) in enumerate(zip(models, raws)):
                index.add(_Item(collection, model, nodes[position] if nodes is not None else None, position,
                                raw if isinstance(raw, dict) else None))
            self.indexes[collection] = index
        return self.indexes[collection]

    def apply(self, record: Record) -> str:
        """Merge one record: ``added``, ``updated``, ``unchanged`` or ``unmatched`` (conflicts are collected)."""
        index = self._index(record.collection)
        body = record.fields.pop("text", None)
        counts = self.outcome.counts[record.collection]
        try:
            item = index.find(record.fields)
        except Ambiguous as exc:
            when = record.fields[KEY_DATE[record.collection]]
            title = record.fields.get("title") or ""
            shown = "、".join((f"第 {c.line} 行 " if c.line else "本次新增的 ") + c.label() for c in exc.candidates)
            self.outcome.ambiguous.append(f"{record.origin}：{shown_value(when)} {title}".rstrip()
                                          + f" —— 同时符合 {shown}，未写入；请在台账中补充能唯一确定信息的列"
                                          "（微博ID、bid 或链接；或精确到分钟的发布时间）")
            counts["ambiguous"] += 1
            return "ambiguous"
        if body and record.collection == "posts" and (item is not None or record.add):
            self._keep_text(item, body, record)
        if item is None:
            if not record.add:
                when = record.fields[KEY_DATE[record.collection]]
                title = record.fields.get("title") or record.fields.get("summary") or record.fields.get("url") or ""
                what = "信息" if record.collection == "posts" else "留言"
                self.outcome.unmatched.append(
                    f"{record.origin}：{shown_value(when)} {title}".rstrip() + f" —— 登记文件中没有对应的{what}")
                counts["unmatched"] += 1
                return "unmatched"
            node = self._new_node(record)
            if not self._splice_add(record.collection, node):
                self._insert(record.collection, node)
            added = _Item(record.collection, node=node)
            index.add(added)
            self.outcome.changes.append(f"新增 {added.label()}（{record.origin}）")
            counts["added"] += 1
            return "added"
        line, named = item.line, item.named()  # as the item was (shown only when it changes)
        changed = [name for name, value in record.fields.items() if self._merge_field(item, name, value, record)]
        if changed:
            index.refresh(item)
            where = f"第 {line} 行 " if line else ""
            self.outcome.changes.append(f"更新 {where}{_label(item.collection, *named)}：{', '.join(changed)}"
                                        f"（{record.origin}）")
        counts["updated" if changed else "unchanged"] += 1
        return "updated" if changed else "unchanged"

    def _keep_text(self, item: Optional[_Item], body: str, record: Record) -> None:
        """The post's text goes to the text store under its key; the post gets ``text_ref`` unless it has one."""
        if item is None:
            key = self.texts.key_for_new(record.fields)
            when = record.fields.get("date")
        else:
            key = self.texts.key_for(item, record.fields)
            when = item.get("date") or record.fields.get("date")
        if key is None:
            return
        self.texts.keep(key, body, when)
        if item is None or not item.get("text_ref"):
            record.fields["text_ref"] = key

    def _merge_field(self, item: _Item, name: str, value: Any, record: Record) -> bool:
        verdict = _compare(name, item.get(name), value)
        if verdict != "same" and item.node is None:
            verdict = _compare(name, item.exact(name), value)  # the file's exact text (a message's 00:00 may be a day)
        if verdict in ("absent", "more precise"):
            if item.node is None and self._set_line(item, name, value):
                return True
            self._attach(item)
            item.node[name] = _yaml_value(value)
            self.new_lines.pop(id(item.node), None)
            return True
        if verdict == "conflict":
            self.outcome.conflicts.append(Conflict(record.collection, item.line, item.label(), name, item.exact(name),
                                                   value, record.origin))
        return False

    def _new_node(self, record: Record) -> CommentedMap:
        node = CommentedMap()
        order = ORDER[record.collection]
        for name in sorted(record.fields, key=lambda n: order.index(n) if n in order else len(order)):
            node[name] = _yaml_value(record.fields[name])
        node.fa.set_flow_style()
        return node

    def _insert(self, collection: str, node: CommentedMap) -> None:
        """Append, or insert in date order when the list is in date order (after the posts of the same day)."""
        seq = self._seq(collection)
        key = KEY_DATE[collection]
        if collection not in self.days:
            days = [self._day(n, key) for n in seq]
            ordered = None not in days and all(a <= b for a, b in zip(days, days[1:]))
            self.days[collection] = days if ordered else None
        days, new = self.days[collection], self._day(node, key)
        if days is None or new is None:
            seq.append(node)
            return
        position = bisect_right(days, new)
        seq.insert(position, node)
        days.insert(position, new)

    @staticmethod
    def _day(node: Any, key: str) -> Optional[date]:
        try:
            when = to_when(node.get(key)) if isinstance(node, dict) else None
        except ValueError:
            return None
        return day_of(when) if when else None

    def cover(self, collection: str, through: date, source: str, today: date) -> bool:
        """Record that ``collection``'s log now goes up to ``through`` (``data_coverage``), when that is later
        than what the file says: an older export imported again never moves it back, and the same one changes
        nothing. Written as text into the rendered file (``_covered_text``): line endings and comments stay."""
        known = self.document.covered_through(collection)
        if known is not None and known >= through:
            return False
        self.coverage[collection] = f"{{through: {through.isoformat()}, source: {source}, imported_on: {today.isoformat()}}}"
        self.outcome.coverage[collection] = through
        self.outcome.changes.append(f"数据范围 data_coverage.{collection}：截至 {through}（{source}）")
        return True

    def _rendered(self) -> Optional[str]:
        if self.data is None:
            text = self._spliced_text() if self.pending else self.text
            if text is None:
                return None
        else:
            # ruamel ends the lines it writes with "\n" and the comments it keeps with theirs: a Windows file
            # (CRLF) stays one, not CRLF on its comments and LF on the rest
            dumped = self._dump(self.yaml, self.data)
            ending = line_ending(self._text_lines())
            if ending != "\n":
                dumped = dumped.replace("\r\n", "\n").replace("\n", ending)
            text = _restore_nulls(self.text, dumped)
        for collection, entry in self.coverage.items():
            text = _covered_text(text, collection, entry)
        return text

    def finish(self, dry_run: bool) -> Outcome:
        """Render, validate and (unless ``dry_run``) write the file atomically when anything changed."""
        if self.data is None and not self.pending and not self.coverage:
            self.texts.finish(dry_run)
            return self.outcome  # nothing changed
        text = self._rendered()
        errors: list = []
        with collector_off():
            parsed = parse_account_data(text, self.shown, errors, parse_account_text) if text is not None else None
        if self.data is None and self.pending and (parsed is None or not self._as_round_trip(parsed.data)):
            self._round_trip()  # a text edit that does not read back as the round trip's: made round-trip
            text = self._rendered()
            checked = load_account_text(text, self.shown)
        elif self.data is None and self.pending:
            with collector_off():
                checked = self._validated_edits(parsed)
        elif parsed is None:
            checked = LoadResult(self.shown, errors=errors)
        else:
            with collector_off():
                checked = validate_document(parsed, self.shown)
        self.outcome.changed = text != self.text
        if not self.outcome.changed:
            self.texts.finish(dry_run)
            return self.outcome
        if checked.errors:
            first = checked.errors[0]
            raise ImportFailure(self.shown, f"合并结果未通过格式校验，未写入（第 {first.line} 行：{first.message}）")
        self.texts.finish(dry_run)  # the store first: a text_ref never names a text not yet written
        if not dry_run:
            try:
                changed_meanwhile = read_bytes_limited(self.path, ACCOUNT_LIMIT) != self.raw
            except OSError:
                changed_meanwhile = True
            if changed_meanwhile:
                raise ImportFailure(self.shown, "登记文件在本次导入读取之后被其他程序改写，本次未写入（对方的内容保留）；"
                                    "请重新导入")
            try:
                write_atomic(self.path, (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8"))
            except OSError as exc:
                raise ImportFailure(self.shown, f"写入失败，文件未改动：{exc.strerror or exc}") from None
            self.outcome.written = True
        return self.outcome
