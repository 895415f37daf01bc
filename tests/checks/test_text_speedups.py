"""The fast paths of the text checks find exactly what the straightforward ones find.

The matchers try their regular expressions only where a match can begin, and the checks scan each
post's text once for all the text rules of the packs; both are compared here with the plain
``finditer`` over the whole text and with one ``scan`` per rule without the shared pass.
"""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from govmedia_lint.text import matchers
from govmedia_lint.text.matchers import personal_matches, url_matches

# characters that matter to the patterns: digits, separators, letters (and the four non-ASCII ones that
# match [A-Za-z] case-insensitively), URL punctuation, Chinese text and punctuation
ALPHABET = "0123456789 -+xXhHtTpPsSwW.:/@_?#abcomnjdg\u0130\u0131\u017f\u212a\n，。、）】县政府网址"
PIECES = ["11010519491231002X", "13812345678", "+86 138 1234 5678", "6222020200112233445", "4111111111111111",
          "https://", "http://", "www.", "HTTPS://", "gov.cn", "jd.com", "item.taobao.com/1.html", "t.cn/A6x",
          "138****5678", "a.b.c.top", "x@mail.com", "-", "+", "..", "県", "xWWW.县政府", "9www.网站", "ahttp://县"]


def _straight_personal(text):
    found = []
    for match in matchers._PERSONAL.finditer(text):
        shown = match.group()
        digits = shown.replace(" ", "").replace("-", "").lstrip("+")
        if match.group("id"):
            kind = "id_card" if matchers.id_number_valid(shown) else \
                "bank_card" if matchers.bank_card_valid(digits) else None
        elif match.group("mobile"):
            kind = "mobile"
        else:
            kind = "bank_card" if matchers.bank_card_valid(digits) else None
        if kind is not None:
            found.append((kind, match.span()))
    return found


def _straight_urls(text):
    found = []
    for match in matchers._URL.finditer(text):
        url = match.group().rstrip(".,;:!?")
        host = matchers.host_of(url)
        if host and "." in host:
            found.append((match.start(), url, host))
    return found


def _same(text):
    assert [(k, m.span()) for k, m in personal_matches(text)] == _straight_personal(text)
    assert url_matches(text) == _straight_urls(text)


texts = st.lists(st.one_of(st.text(alphabet=ALPHABET, max_size=12), st.sampled_from(PIECES)), max_size=20).map("".join)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_fast_matchers_find_what_finditer_finds(text):
    _same(text)


def test_fast_matchers_on_random_texts():
    rng = random.Random(7)
    for _ in range(3000):
        _same("".join(rng.choice(PIECES) if rng.random() < 0.3 else rng.choice(ALPHABET)
                      for _ in range(rng.randint(0, 60))))


SAMPLE = ("县政府召开会议，走访了村长和村任主主持的村民代表会议。失主身份证号 11010519491231002X，电话 +86 138 1234 5678。\n"
          "详情见 www.gov.cn/zhengce 与 https://item.jd.com/1.html、shop123.taobao.com，另见 example.com/a 与 www.baidu.com。\n"
          "红枣限时抢购，全国包邮，领券下单立减；卡号 6222020200112233446，王建国副县长、王建国县长出席。")
LEADERS = {"lexicon": "示例县领导", "source": "示例县人民政府任免通知", "allowed_domains": ["example.com"],
           "entries": [{"term": "王建国县长"}, {"wrong": "王建国副县长", "right": "王建国县长"}]}


def _straight_scan(kind, params, text, day, lexicons):
    """One rule's hits found the plain way: the kind's matcher built for it, the patterns over the whole text."""
    from govmedia_lint.text.lexicon import builtin
    from govmedia_lint.text.matchers import (Hit, LexiconMatcher, PhraseMatcher, domain_allowed, mask_number)

    if kind in ("text_lexicon", "text_caution", "text_near_miss"):
        entries = [e for name in params.lexicons for e in builtin(name).entries]
        if params.user_lexicons:
            entries.extend(e for lexicon in lexicons for e in lexicon.entries)
        wanted = {"text_lexicon": ("wrong", "banned"), "text_caution": ("caution",),
                  "text_near_miss": ("near_miss",)}[kind]
        return [h for h in LexiconMatcher(entries).find(text, day) if h.category in wanted]
    if kind == "text_personal_data":
        return [Hit("personal_data", k, s, e, mask_number(k, text[s:e]), "", masked=True)
                for k, (s, e) in _straight_personal(text) if k in params.kinds]
    if kind in ("text_links", "text_outside_links"):
        allowed = [*params.allowed_domains, *(d for lexicon in lexicons for d in lexicon.allowed_domains)]
        hits = []
        for start, url, host in _straight_urls(text):
            if domain_allowed(host, allowed):
                continue
            shop = domain_allowed(host, params.shop_domains)
            if shop == (kind == "text_links"):
                hits.append(Hit("link", "shop_link" if shop else "outside_link", start, start + len(url), url, ""))
        return hits
    return PhraseMatcher(params.phrases).find(text)


def test_one_pass_per_text_gives_every_rule_its_own_hits():
    from datetime import date

    from govmedia_lint.engine.packs import PackSet
    from govmedia_lint.text.lexicon import parse_lexicon
    from govmedia_lint.text.scan import TEXT_KINDS, TextPass, scan

    lexicons = (parse_lexicon(LEADERS, "leaders"),)
    day = date(2025, 6, 1)
    shared = TextPass(SAMPLE)
    rules = [r for pack in PackSet.load().packs.values() for r in pack.rules.values() if r.kind in TEXT_KINDS]
    assert {r.kind for r in rules} == set(TEXT_KINDS)
    seen = set()
    for rule in rules:
        fast = scan(rule.kind, rule.params, SAMPLE, day, lexicons, shared)
        alone = scan(rule.kind, rule.params, SAMPLE, day, lexicons)
        plain = _straight_scan(rule.kind, rule.params, SAMPLE, day, lexicons)
        assert fast == alone, rule.code
        assert [(h.category, h.start, h.end, h.text) for h in fast] == \
            [(h.category, h.start, h.end, h.text) for h in plain], rule.code
        seen.update(h.category for h in fast)
    assert seen >= {"wrong", "near_miss", "id_card", "mobile", "bank_card", "shop_link", "outside_link", "ad_phrase"}
