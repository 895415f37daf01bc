"""One text through one text check: the kind's parameters (data) and the user's lexicons decide what is found."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Literal, Optional

from pydantic import Field, field_validator

from ..engine.kinds import Params
from .lexicon import Lexicon, LexiconError, builtin
from .matchers import (PERSONAL_KINDS, Hit, LexiconMatcher, PhraseMatcher, find_links, find_personal_data)

TEXT_KINDS = ("text_lexicon", "text_caution", "text_near_miss", "text_personal_data", "text_links",
              "text_outside_links", "text_ad_phrases")


class LexiconParams(Params):
    #: lexicons shipped with the tool (src/govmedia_lint/text/data/NAME.lexicon.yaml)
    lexicons: list[str] = Field(default_factory=list)
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
    shop_domains: list[str] = Field(default_factory=list)
    #: domains never reported (gov.cn allows every *.gov.cn); the register's lexicons may add more
    allowed_domains: list[str] = Field(default_factory=list)


class AdPhraseParams(Params):
    phrases: list[str] = Field(min_length=1)


_MATCHERS: dict = {}


def _matcher(params: LexiconParams, lexicons: tuple[Lexicon, ...]) -> LexiconMatcher:
    key = (id(params), tuple(id(lexicon) for lexicon in lexicons))
    found = _MATCHERS.get(key)
    if found is None or found[0] is not params:
        entries = [e for name in params.lexicons for e in builtin(name).entries]
        if params.user_lexicons:
            entries.extend(e for lexicon in lexicons for e in lexicon.entries)
        found = _MATCHERS[key] = (params, lexicons, LexiconMatcher(entries))
        if len(_MATCHERS) > 256:
            _MATCHERS.pop(next(iter(_MATCHERS)))
    return found[2]


_PHRASES: dict = {}


def scan(kind: str, params: Params, text: str, day: Optional[date] = None,
         lexicons: tuple[Lexicon, ...] = ()) -> list[Hit]:
    """The hits of ``kind`` with ``params`` in ``text`` (a post's or a draft's), for a text dated ``day``."""
    if kind in ("text_lexicon", "text_caution", "text_near_miss"):
        hits = _matcher(params, lexicons).find(text, day)
        wanted = {"text_lexicon": ("wrong", "banned"), "text_caution": ("caution",),
                  "text_near_miss": ("near_miss",)}[kind]
        return [h for h in hits if h.category in wanted]
    if kind == "text_personal_data":
        return find_personal_data(text, params.kinds)
    if kind in ("text_links", "text_outside_links"):
        allowed = [*params.allowed_domains, *(d for lexicon in lexicons for d in lexicon.allowed_domains)]
        hits = find_links(text, allowed, params.shop_domains)
        return [h for h in hits if (h.category == "shop_link") == (kind == "text_links")]
    if kind == "text_ad_phrases":
        matcher = _PHRASES.get(id(params))
        if matcher is None or matcher[0] is not params:
            matcher = _PHRASES[id(params)] = (params, PhraseMatcher(params.phrases))
        return matcher[1].find(text)
    raise KeyError(kind)


def masked_view(text: str, hits: Iterable[Hit]) -> str:
    """The text with its personal data masked, for contexts (every kind's, not only the personal-data check's)."""
    from .matchers import mask_spans

    return mask_spans(text, [*hits, *find_personal_data(text)])
