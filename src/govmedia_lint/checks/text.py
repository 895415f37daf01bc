"""Kinds that read what a post says: its text (inline ``text``, or ``text_ref`` into the account's text
store) through the matchers of ``govmedia_lint.text``, with their word lists as the rule's parameters.

Each hit is one finding on the post's line, its evidence the place in the text (line, column), the
text around it, the suggestion and, for a lexicon word, where the word comes from. Personal data is
shown masked. Posts marked ``deleted`` are not read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Optional

from ..engine.kinds import AccountRecord, CheckContext, Outcome, Violation, check_kind, items_in_window
from ..text.matchers import context_of
from ..text.scan import AdPhraseParams, LexiconParams, LinkParams, PersonalDataParams, TextPass, masked_view, scan
from ..text.store import TextStore, register_lexicons


def _texts(record: AccountRecord) -> dict:
    """post id → (text, line, the text's pass); the store and the lexicons read once per file, each text
    scanned once for every text rule (``TextPass``)."""
    found = record.windows.get("_texts")
    if found is None:
        path = Path(record.path)
        lexicons, errors = register_lexicons(path)
        store: Optional[TextStore] = None
        texts = {}
        for post in record.doc.posts:
            if post.text:
                texts[id(post)] = (post.text, post.key_line("text"), TextPass(post.text))
            elif post.text_ref:
                if store is None:
                    store = TextStore(path)
                text = store.get(post.text_ref, post.day.year)
                if text is not None:
                    texts[id(post)] = (text, post.key_line("text_ref"), TextPass(text))
        found = record.windows["_texts"] = (texts, lexicons, errors + (store.errors if store else []))
    return found


def _post_label(post) -> str:
    title = f"“{post.title}”" if post.title else ""
    return f"{post.when} 发布的{title or '信息'}"


def _text_findings(record: AccountRecord, params, ctx: CheckContext) -> Iterator[Outcome]:
    texts, lexicons, errors = _texts(record)
    for error in errors:  # an unreadable store or lexicon is never a silent pass
        yield Violation(f"无法读取文本检查所需的文件：{error}", record.account.line, {"error": error})
    if not texts:
        return
    for post in items_in_window(record, "posts", ctx):
        if post.deleted or id(post) not in texts:
            continue
        text, line, shared = texts[id(post)]
        hits = scan(ctx.rule.kind, params, text, post.day, lexicons, shared)
        if not hits:
            continue
        shown = masked_view(text, hits, shared)
        for hit in hits:
            text_line = text.count("\n", 0, hit.start) + 1
            column = hit.start - (text.rfind("\n", 0, hit.start) + 1) + 1
            where = f"正文第 {text_line} 行第 {column} 列"
            source = f"（词条来源：{hit.entry_source}）" if hit.entry_source else ""
            evidence = {"post": post.title, "date": post.when, "text_line": text_line, "column": column,
                        "match": hit.text, "context": context_of(shown, hit), "suggestion": hit.suggestion,
                        "category": hit.category}
            if hit.entry_source:
                evidence["entry_source"] = hit.entry_source
                evidence["lexicon"] = hit.lexicon
            if post.post_id:
                evidence["post_id"] = post.post_id
            yield Violation(f"{_post_label(post)}{where}：{hit.message}{source}", line, evidence)


@check_kind("text_lexicon", LexiconParams)
def text_lexicon(record: AccountRecord, params: LexiconParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Words of the lexicons in the posts' texts: a ``wrong`` word (with its 规范表述 as the suggestion) or a
    ``banned`` one. ``lexicons`` are shipped lists; with ``user_lexicons`` the register's own
    ``*.lexicon.yaml`` files count too, each entry only for texts dated within its validity."""
    return _text_findings(record, params, ctx)


@check_kind("text_caution", LexiconParams)
def text_caution(record: AccountRecord, params: LexiconParams, ctx: CheckContext) -> Iterator[Outcome]:
    """慎用 words of the lexicons in the posts' texts: for a person to look at, never an error by themselves."""
    return _text_findings(record, params, ctx)


@check_kind("text_near_miss", LexiconParams)
def text_near_miss(record: AccountRecord, params: LexiconParams, ctx: CheckContext) -> Iterator[Outcome]:
    """疑似错别字: a lexicon's correct form (a ``term``, a pair's ``right``) with one character dropped (four
    characters or more) or two neighbouring characters swapped (three or more)."""
    return _text_findings(record, params, ctx)


@check_kind("text_personal_data", PersonalDataParams)
def text_personal_data(record: AccountRecord, params: PersonalDataParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Personal data published without de-identification: 18-digit 居民身份证号码 (birth date and check digit
    valid), mobile numbers, bank card numbers (Luhn). Masked numbers (138****0000) are not reported."""
    return _text_findings(record, params, ctx)


@check_kind("text_links", LinkParams)
def text_links(record: AccountRecord, params: LinkParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Links in the posts' texts to the shop and payment domains of ``shop_domains`` (a domain covers its
    subdomains): links to commercial pages."""
    return _text_findings(record, params, ctx)


@check_kind("text_outside_links", LinkParams)
def text_outside_links(record: AccountRecord, params: LinkParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Links in the posts' texts to domains outside ``allowed_domains`` and the register's lexicons'
    ``allowed_domains``: for a person to check that none is a commercial page."""
    return _text_findings(record, params, ctx)


@check_kind("text_ad_phrases", AdPhraseParams)
def text_ad_phrases(record: AccountRecord, params: AdPhraseParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Shop and coupon wording (``phrases``) in the posts' texts: a guess at 商业广告, for a person to check."""
    return _text_findings(record, params, ctx)
