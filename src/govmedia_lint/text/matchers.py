"""Matchers over one text: lexicon words (one Aho-Corasick pass), personal data, links and ads.

Each matcher returns ``Hit``s: character spans of the text with what was found and what to write
instead. Where a hit is in the text (line, column) and the text around it are worked out by
``locate``; personal data is masked in every shown text (the match and every context).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator, Optional

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


#: correct forms this long or longer are also looked for with one character substituted
SUBSTITUTION_MIN = 4


def one_substituted(window: str, word: str) -> bool:
    """``window`` is ``word`` with exactly one character replaced by another."""
    return len(window) == len(word) and sum(a != b for a, b in zip(window, word)) == 1


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
        # one character substituted: the other half of the word is then in the text unchanged, so its two halves
        # are looked for (one more pass) and each window they place is compared with the word
        halves: dict[str, list[tuple[int, str, Entry]]] = {}
        if near_misses:
            for entry in self.entries:
                for word in entry.correct_forms if entry.near_misses else ():
                    if len(word) >= SUBSTITUTION_MIN:
                        middle = len(word) // 2
                        halves.setdefault(word[:middle], []).append((0, word, entry))
                        halves.setdefault(word[middle:], []).append((middle, word, entry))
        self.half_patterns = list(halves)
        self.half_roles = [halves[p] for p in self.half_patterns]
        self.halves = ahocorasick_rs.AhoCorasick(self.half_patterns) if halves else None

    def find(self, text: str, day: Optional[date] = None) -> list[Hit]:
        if self.automaton is None or not text:
            return []
        hits, matched = [], []
        for index, start, end in self.automaton.find_matches_as_indexes(text):
            matched.append((start, end))
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
        if self.halves is not None:
            hits += self._substituted(text, day, matched)
        return sorted(hits, key=lambda h: h.start)

    def _substituted(self, text: str, day: Optional[date], matched: list[tuple[int, int]]) -> list[Hit]:
        """Windows that are a correct form with one character substituted (王建国县长 → 王建园县长), where no
        word of the lexicon already matched."""
        found: dict[int, Hit] = {}
        for index, start, _end in self.halves.find_matches_as_indexes(text, overlapping=True):
            for offset, word, entry in self.half_roles[index]:
                begin = start - offset
                window = text[begin:begin + len(word)] if begin >= 0 else ""
                if begin in found or not one_substituted(window, word) or not entry.applies_on(day):
                    continue
                if any(s < begin + len(word) and begin < e for s, e in matched):
                    continue  # a lexicon word is there: reported (or allowed) as such
                found[begin] = Hit("near_miss", "near_miss", begin, begin + len(word), window,
                                   f"疑似错别字：“{window}”是否应为“{word}”", word, entry.source, entry.lexicon)
        return list(found.values())


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


def _matches_at(pattern: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` where a match can only begin at one of ``starts`` (ascending): the
    pattern is tried there alone, not at every character of a long text."""
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(text, start)
        if match:
            yield match
            end = match.end()


#: a run of digits and ``+``; written ``X[X]*`` so that the search skips to its first character (a leading
#: character set is the only prefix the ``re`` module jumps to; ``X+`` is tried at every position)
_DIGIT_RUN = re.compile(r"[0-9+][0-9+]*")


def _personal_starts(text: str) -> Iterator[int]:
    """Where ``_PERSONAL`` can begin: a digit or ``+`` after neither a digit nor a letter, that is a run's
    first character or one after a ``+`` in it."""
    for run in _DIGIT_RUN.finditer(text):
        start, end = run.span()
        yield start
        plus = text.find("+", start, end - 1)
        while plus != -1:
            yield plus + 1
            plus = text.find("+", plus + 1, end - 1)


def personal_matches(text: str) -> list[tuple[str, re.Match]]:
    """(kind, match) of every number of ``PERSONAL_KINDS`` in ``text``, unmasked."""
    found = []
    for match in _matches_at(_PERSONAL, text, _personal_starts(text)):
        shown = match.group()
        digits = shown.replace(" ", "").replace("-", "").lstrip("+")
        if match.group("id"):
            kind = "id_card" if id_number_valid(shown) else "bank_card" if bank_card_valid(digits) else None
        elif match.group("mobile"):
            kind = "mobile"
        else:
            kind = "bank_card" if bank_card_valid(digits) else None
        if kind is not None:
            found.append((kind, match))
    return found


def personal_hits(matches: Iterable[tuple[str, re.Match]], kinds: Iterable[str] = PERSONAL_KINDS) -> list[Hit]:
    wanted = set(kinds)
    hits = []
    for kind, match in matches:
        if kind not in wanted:
            continue
        masked = mask_number(kind, match.group())
        hits.append(Hit("personal_data", kind, match.start(), match.end(), masked,
                        f"未去标识化的{_PERSONAL_NAMES[kind]}：{masked}", "去标识化处理（如隐去中间数位）或删除",
                        masked=True))
    return hits


def find_personal_data(text: str, kinds: Iterable[str] = PERSONAL_KINDS) -> list[Hit]:
    return personal_hits(personal_matches(text), kinds)


# ── links and ads ─────────────────────────────────────────────────────────────────────────────────
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'，。；、）)】」]+"
    r"|(?<![A-Za-z0-9@._-])(?:[A-Za-z0-9-]+\.)+(?:com|cn|net|org|top|xyz|shop|vip|club|info|cc|me|io|co)"
    r"(?:/[^\s<>\"'，。；、）)】」]*)?(?![A-Za-z0-9.-])", re.IGNORECASE)


_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
_HOST_END = re.compile(r"[/?#:]")
#: a run of the characters ``_URL``'s second branch starts with (with IGNORECASE ``[A-Za-z]`` also matches
#: these four), ``X[X]*`` as ``_DIGIT_RUN``
_URL_RUN = re.compile("[A-Za-z0-9\u0130\u0131\u017f\u212a-][A-Za-z0-9\u0130\u0131\u017f\u212a-]*")


def host_of(url: str) -> str:
    rest = _SCHEME.sub("", url)
    host = _HOST_END.split(rest, maxsplit=1)[0].lower().rstrip(".")
    return host


def _domains(domains: Iterable[str]) -> tuple[str, ...]:
    return tuple(d.lower().lstrip(".") for d in domains)


def _in_domains(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def domain_allowed(host: str, allowed: Iterable[str]) -> bool:
    """``gov.cn`` allows www.gov.cn and every *.gov.cn; an entry is a domain, never a substring."""
    return _in_domains(host, _domains(allowed))


_HW = re.compile("[hHwW]")
_HOSTS: dict[str, str] = {}


def _host(url: str) -> str:
    host = _HOSTS.get(url)
    if host is None:
        if len(_HOSTS) > 4096:
            _HOSTS.clear()
        host = _HOSTS[url] = host_of(url)
    return host


def url_matches(text: str) -> list[tuple[int, str, str]]:
    """(start, url, host) of every link-like text in ``text`` with a dotted host.

    What ``_URL.finditer`` finds, with the pattern tried only where a match can begin: the first
    character of a run of letters, digits and ``-`` (the second branch's look-behind refuses the others)
    and an h or w inside one (``http``, ``www.``)."""
    found: list[tuple[int, str, str]] = []
    if "." not in text:  # a host without a dot is never reported
        return found
    end = 0
    match_at = _URL.match
    for run in _URL_RUN.finditer(text):
        start, run_end = run.span()
        if run_end <= end:
            continue
        candidate = start
        if start < end:  # the run began inside the last match: only its h and w can begin one
            inner = _HW.search(text, end, run_end)
            if inner is None:
                continue
            candidate = inner.start()
        while True:
            match = match_at(text, candidate)
            if match:
                end = match.end()
                url = match.group().rstrip(".,;:!?")
                host = _host(url)
                if host and "." in host:
                    found.append((candidate, url, host))
            if end >= run_end:
                break
            inner = _HW.search(text, max(candidate + 1, end), run_end)
            if inner is None:
                break
            candidate = inner.start()
    return found


class LinkRule:
    """Which link-like texts are reported under one set of allowed and shop domains; each host is judged once."""

    def __init__(self, allowed_domains: Iterable[str], shop_domains: Iterable[str] = ()):
        self.allowed = _domains(allowed_domains)
        self.shops = _domains(shop_domains)
        self._judged: dict[str, Optional[bool]] = {}

    def _shop(self, host: str) -> Optional[bool]:
        """None: an allowed host; True: a shop's; False: another outside host."""
        if host in self._judged:
            return self._judged[host]
        if len(self._judged) > 4096:
            self._judged.clear()
        judged = self._judged[host] = None if _in_domains(host, self.allowed) else _in_domains(host, self.shops)
        return judged

    def hits(self, urls: Iterable[tuple[int, str, str]]) -> list[Hit]:
        hits = []
        for start, url, host in urls:
            shop = self._shop(host)
            if shop is None:
                continue
            category = "shop_link" if shop else "outside_link"
            what = "购物、商业推广链接" if shop else "外部链接（不在允许的域名中）"
            hits.append(Hit("link", category, start, start + len(url), url, f"{what}：{url}",
                            "删除链接，或改链政府网站、主管部门确定的稿源", extra={"host": host}))
        return hits


def find_links(text: str, allowed_domains: Iterable[str], shop_domains: Iterable[str] = ()) -> list[Hit]:
    return LinkRule(allowed_domains, shop_domains).hits(url_matches(text))


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
