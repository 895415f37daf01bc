"""Matchers over one text: lexicon words (one Aho-Corasick pass), personal data, links and ads.

Each matcher returns ``Hit``s: character spans of the text with what was found and what to write
instead. Where a hit is in the text (line, column) and the text around it are worked out by
``locate``; personal data is masked in every shown text (the match and every context).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional

import ahocorasick_rs

from .lexicon import Entry

CONTEXT = 12  # characters shown on each side of a hit


@dataclass
class Hit:
    #: lexicon (wrong, banned, caution), near_miss, personal_data, link, ad
    check: str
    category: str
    start: int
    end: int
    text: str
    message: str
    suggestion: Optional[str] = None
    #: where the matched word comes from (a lexicon entry's source)
    entry_source: Optional[str] = None
    lexicon: Optional[str] = None
    masked: bool = False
    extra: dict = field(default_factory=dict)


# ── lexicon ──────────────────────────────────────────────────────────────────────────────────────
_NEUTRAL, _FLAG, _NEAR = 0, 1, 2


def near_miss_variants(word: str) -> set[str]:
    """One character dropped (words of four or more characters) or two neighbours swapped (three or more)."""
    variants = set()
    if len(word) >= 3:
        for i in range(len(word) - 1):
            if word[i] != word[i + 1]:
                variants.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    if len(word) >= 4:
        for i in range(len(word)):
            variants.add(word[:i] + word[i + 1:])
    variants.discard(word)
    return variants


class LexiconMatcher:
    """Every word of the entries, their correct forms and the near-misses of those, in one automaton.

    Leftmost-longest matching: where a correct form (村主任, 大学生村官) covers a flagged word, the correct
    form is the match and nothing is reported. Entries with validity dates apply to texts dated in them.
    """

    def __init__(self, entries: Iterable[Entry], near_misses: bool = True):
        roles: dict[str, list[tuple[int, Entry]]] = {}
        self.entries = tuple(entries)
        for entry in self.entries:
            if entry.kind != "term":
                for word in entry.words:
                    roles.setdefault(word, []).append((_FLAG, entry))
            for word in entry.correct_forms:
                roles.setdefault(word, []).append((_NEUTRAL, entry))
        if near_misses:
            exact = set(roles)
            for entry in self.entries:
                if not entry.near_misses:
                    continue
                for word in entry.correct_forms:
                    for variant in near_miss_variants(word) - exact:
                        roles.setdefault(variant, []).append((_NEAR, entry))
        self.patterns = list(roles)
        self.roles = [sorted(roles[p], key=lambda r: r[0]) for p in self.patterns]
        self.automaton = ahocorasick_rs.AhoCorasick(self.patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest) \
            if self.patterns else None

    def find(self, text: str, day: Optional[date] = None) -> list[Hit]:
        if self.automaton is None or not text:
            return []
        hits = []
        for index, start, end in self.automaton.find_matches_as_indexes(text):
            applicable = [(role, entry) for role, entry in self.roles[index] if entry.applies_on(day)]
            if not applicable or applicable[0][0] == _NEUTRAL:
                continue
            role, entry = applicable[0]
            word = self.patterns[index]
            if role == _FLAG:
                hits.append(_lexicon_hit(entry, word, start, end))
            else:
                right = next(w for w in entry.correct_forms if word in near_miss_variants(w))
                hits.append(Hit("near_miss", "near_miss", start, end, word, f"疑似错别字：“{word}”是否应为“{right}”",
                                right, entry.source, entry.lexicon))
        return hits


def _lexicon_hit(entry: Entry, word: str, start: int, end: int) -> Hit:
    note = f"（{entry.note}）" if entry.note else ""
    if entry.kind == "wrong":
        message = f"表述不规范：“{word}”应为“{entry.right}”{note}"
    elif entry.kind == "banned":
        message = f"禁用词：“{word}”{note}" + (f"，可改为“{entry.right}”" if entry.right else "")
    else:
        message = f"慎用词：“{word}”{note}" + (f"，可改为“{entry.right}”" if entry.right else "")
    return Hit("lexicon", entry.kind, start, end, word, message, entry.right, entry.source, entry.lexicon)


# ── personal data ─────────────────────────────────────────────────────────────────────────────────
_PERSONAL = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"(?P<id>[1-9][0-9]{16}[0-9Xx])"
    r"|(?P<mobile>(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2})"
    r"|(?P<card>[3-6][0-9]{3}(?:[- ]?[0-9]{4}){3}(?:[- ]?[0-9]{1,3})?)"
    r")(?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
PERSONAL_KINDS = ("id_card", "mobile", "bank_card")
_PERSONAL_NAMES = {"id_card": "居民身份证号码", "mobile": "手机号码", "bank_card": "银行卡号"}


def id_number_valid(number: str) -> bool:
    """An 18-digit 居民身份证号码 (GB 11643-1999): a real birth date and the ISO 7064 MOD 11-2 check digit."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2100:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_valid(number: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def bank_card_valid(digits: str) -> bool:
    """16–19 digits passing Luhn: UnionPay (62…) at any of those lengths, other schemes (3, 4, 5…) at 16.

    18-digit runs that do not start with 62 are left alone (统一社会信用代码 and other codes have 18)."""
    if not digits.isdigit() or not 16 <= len(digits) <= 19:
        return False
    if not (digits.startswith("62") or (len(digits) == 16 and digits[0] in "345")):
        return False
    return luhn_valid(digits)


def mask_number(kind: str, shown: str) -> str:
    digits = [i for i, c in enumerate(shown) if c.isalnum()]
    keep_head, keep_tail = {"id_card": (6, 4), "mobile": (3, 4), "bank_card": (4, 4)}[kind]
    hidden = set(digits[keep_head + (2 if kind == "mobile" and shown.lstrip("+").startswith("86")
                                    and len(digits) == 13 else 0):len(digits) - keep_tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(shown))


def find_personal_data(text: str, kinds: Iterable[str] = PERSONAL_KINDS) -> list[Hit]:
    wanted = set(kinds)
    hits = []
    for match in _PERSONAL.finditer(text):
        shown = match.group()
        digits = shown.replace(" ", "").replace("-", "").lstrip("+")
        if match.group("id"):
            kind = "id_card" if id_number_valid(shown) else "bank_card" if bank_card_valid(digits) else None
        elif match.group("mobile"):
            kind = "mobile"
        else:
            kind = "bank_card" if bank_card_valid(digits) else None
        if kind is None or kind not in wanted:
            continue
        masked = mask_number(kind, shown)
        hits.append(Hit("personal_data", kind, match.start(), match.end(), masked,
                        f"未去标识化的{_PERSONAL_NAMES[kind]}：{masked}", "去标识化处理（如隐去中间数位）或删除",
                        masked=True))
    return hits


# ── links and ads ─────────────────────────────────────────────────────────────────────────────────
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'，。；、）)】」]+"
    r"|(?<![A-Za-z0-9@._-])(?:[A-Za-z0-9-]+\.)+(?:com|cn|net|org|top|xyz|shop|vip|club|info|cc|me|io|co)"
    r"(?:/[^\s<>\"'，。；、）)】」]*)?(?![A-Za-z0-9.-])", re.IGNORECASE)


def host_of(url: str) -> str:
    rest = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    host = re.split(r"[/?#:]", rest, maxsplit=1)[0].lower().rstrip(".")
    return host


def domain_allowed(host: str, allowed: Iterable[str]) -> bool:
    """``gov.cn`` allows www.gov.cn and every *.gov.cn; an entry is a domain, never a substring."""
    return any(host == d or host.endswith("." + d) for d in (a.lower().lstrip(".") for a in allowed))


def find_links(text: str, allowed_domains: Iterable[str], shop_domains: Iterable[str] = ()) -> list[Hit]:
    allowed = tuple(allowed_domains)
    shops = tuple(shop_domains)
    hits = []
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?")
        host = host_of(url)
        if not host or "." not in host or domain_allowed(host, allowed):
            continue
        shop = domain_allowed(host, shops)
        category = "shop_link" if shop else "outside_link"
        what = "购物、商业推广链接" if shop else "外部链接（不在允许的域名中）"
        hits.append(Hit("link", category, match.start(), match.start() + len(url), url, f"{what}：{url}",
                        "删除链接，或改链政府网站、主管部门确定的稿源", extra={"host": host}))
    return hits


class PhraseMatcher:
    """Fixed phrases (shop and coupon wording) in one automaton."""

    def __init__(self, phrases: Iterable[str]):
        self.phrases = sorted({p for p in phrases if p})
        self.automaton = ahocorasick_rs.AhoCorasick(self.phrases, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest) \
            if self.phrases else None

    def find(self, text: str) -> list[Hit]:
        if self.automaton is None:
            return []
        return [Hit("ad", "ad_phrase", start, end, self.phrases[i], f"疑似商业广告用语：“{self.phrases[i]}”",
                    "删除商业广告、经营类信息")
                for i, start, end in self.automaton.find_matches_as_indexes(text)]


# ── where a hit is ────────────────────────────────────────────────────────────────────────────────
def mask_spans(text: str, hits: Iterable[Hit]) -> str:
    """``text`` with every personal-data hit replaced by its masked form (same length)."""
    personal = [h for h in hits if h.masked]
    if not personal:
        return text
    parts, position = [], 0
    for hit in sorted(personal, key=lambda h: h.start):
        if hit.start < position:  # the same number found twice (two rules): masked once
            continue
        parts.append(text[position:hit.start])
        parts.append(hit.text)
        position = hit.end
    parts.append(text[position:])
    return "".join(parts)


def context_of(shown: str, hit: Hit, width: int = CONTEXT) -> str:
    """The hit with ``width`` characters each side, on one line, the hit in 【】."""
    before = shown[max(0, hit.start - width):hit.start].rsplit("\n", 1)[-1]
    after = shown[hit.end:hit.end + width].split("\n", 1)[0]
    return f"{before}【{shown[hit.start:hit.end]}】{after}"
