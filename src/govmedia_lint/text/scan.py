"""One text through one text check: the kind's parameters (data) and the user's lexicons decide what is found."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Literal, Optional

from pydantic import Field, field_validator

from ..engine.kinds import Params
from ..model import empty_list
from .lexicon import Lexicon, LexiconError, builtin
from .matchers import (
    PERSONAL_KINDS,
    Hit,
    LexiconMatcher,
    LinkRule,
    PhraseMatcher,
    personal_hits,
    personal_matches,
    url_matches,
)

TEXT_KINDS = ("text_lexicon", "text_caution", "text_near_miss", "text_personal_data", "text_links",
              "text_outside_links", "text_ad_phrases")


class LexiconParams(Params):
    #: lexicons shipped with the tool (src/govmedia_lint/text/data/NAME.lexicon.yaml)
    lexicons: list[str] = Field(default_factory=empty_list)
    #: also the register's own lexicons (``*.lexicon.yaml`` beside the account files and above them)
    user_lexicons: bool = True

    @field_validator("lexicons")
    @classmethod
    def _shipped(cls, value: list[str]) -> list[str]:
        for name in value:
            try:
                builtin(name)
            except LexiconError as exc:
                raise ValueError(str(exc)) from None
        return value


class PersonalDataParams(Params):
    kinds: list[Literal["id_card", "mobile", "bank_card"]] = Field(default_factory=lambda: list(PERSONAL_KINDS),
                                                                   min_length=1)


class LinkParams(Params):
    #: shop and payment domains: a link to one is a link to a commercial page
    shop_domains: list[str] = Field(default_factory=empty_list)
    #: domains never reported (gov.cn allows every *.gov.cn); the register's lexicons may add more
    allowed_domains: list[str] = Field(default_factory=empty_list)


class AdPhraseParams(Params):
    phrases: list[str] = Field(min_length=1)


_MATCHERS: dict = {}


def _matcher(params: LexiconParams, lexicons: tuple[Lexicon, ...]) -> LexiconMatcher:
    """One automaton per set of entries in a process: every rule (and every post) with the same lexicons
    shares it. The value keeps the lexicons it was built from, so their ids stay theirs."""
    users = lexicons if params.user_lexicons else ()
    key = (tuple(params.lexicons), tuple(id(lexicon) for lexicon in users))
    found = _MATCHERS.get(key)
    if found is None:
        entries = [e for name in params.lexicons for e in builtin(name).entries]
        entries.extend(e for lexicon in users for e in lexicon.entries)
        found = _MATCHERS[key] = (users, LexiconMatcher(entries))
        if len(_MATCHERS) > 256:
            _MATCHERS.pop(next(iter(_MATCHERS)))
    return found[1]


_PHRASES: dict = {}


def _phrases(params: AdPhraseParams) -> PhraseMatcher:
    key = tuple(params.phrases)
    found = _PHRASES.get(key)
    if found is None:
        found = _PHRASES[key] = PhraseMatcher(params.phrases)
        if len(_PHRASES) > 256:
            _PHRASES.pop(next(iter(_PHRASES)))
    return found


_LINK_RULES: dict = {}


def _link_rule(params: LinkParams, lexicons: tuple[Lexicon, ...]) -> LinkRule:
    key = (id(params), tuple(id(lexicon) for lexicon in lexicons))
    found = _LINK_RULES.get(key)
    if found is None:
        allowed = [*params.allowed_domains, *(d for lexicon in lexicons for d in lexicon.allowed_domains)]
        found = _LINK_RULES[key] = (params, lexicons, LinkRule(allowed, params.shop_domains))
        if len(_LINK_RULES) > 256:
            _LINK_RULES.pop(next(iter(_LINK_RULES)))
    return found[2]


class TextPass:
    """What one text holds, each found once however many rules ask: its personal numbers, its link-like
    texts, the hits of each lexicon automaton and of each phrase list. The rules then take their kinds'
    share of these (``scan``)."""

    __slots__ = ("text", "_personal", "_urls", "_found")

    def __init__(self, text: str):
        self.text = text
        self._personal = None
        self._urls = None
        self._found: dict = {}

    def personal(self) -> list:
        if self._personal is None:
            self._personal = personal_matches(self.text)
        return self._personal

    def urls(self) -> list:
        if self._urls is None:
            self._urls = url_matches(self.text)
        return self._urls

    def lexicon(self, matcher: LexiconMatcher, day: Optional[date]) -> list[Hit]:
        key = (id(matcher), day)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = (matcher, matcher.find(self.text, day))
        return found[1]

    def phrases(self, matcher: PhraseMatcher) -> list[Hit]:
        key = id(matcher)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = (matcher, matcher.find(self.text))
        return found[1]


_LEXICON_CATEGORIES = {"text_lexicon": ("wrong", "banned"), "text_caution": ("caution",),
                       "text_near_miss": ("near_miss",)}


def scan(kind: str, params: Params, text: str, day: Optional[date] = None,
         lexicons: tuple[Lexicon, ...] = (), shared: Optional[TextPass] = None) -> list[Hit]:
    """The hits of ``kind`` with ``params`` in ``text`` (a post's or a draft's), for a text dated ``day``;
    ``shared`` is the text's pass when other rules read the same text."""
    one = shared if shared is not None else TextPass(text)
    if kind in _LEXICON_CATEGORIES:
        wanted = _LEXICON_CATEGORIES[kind]
        return [h for h in one.lexicon(_matcher(params, lexicons), day) if h.category in wanted]
    if kind == "text_personal_data":
        return personal_hits(one.personal(), params.kinds)
    if kind in ("text_links", "text_outside_links"):
        hits = _link_rule(params, lexicons).hits(one.urls())
        return [h for h in hits if (h.category == "shop_link") == (kind == "text_links")]
    if kind == "text_ad_phrases":
        return list(one.phrases(_phrases(params)))
    raise KeyError(kind)


def masked_view(text: str, hits: Iterable[Hit], shared: Optional[TextPass] = None) -> str:
    """The text with its personal data masked, for contexts (every kind's, not only the personal-data check's)."""
    from .matchers import mask_spans

    one = shared if shared is not None else TextPass(text)
    return mask_spans(text, [*hits, *personal_hits(one.personal())])
