"""Every rule's quote is its document's text: a substring of the seed document in tests/data/seeds/.

Whitespace (the extraction breaks lines mid-clause) and half-/full-width punctuation are normalised
away; a quote may leave text out with "……", and each part must then appear in order. A quote that
ends with an invented "。" where the document goes on with "，" fails: the full stop is not the text.
The national baseline (国办秘函〔2019〕19号 检查指标) is quoted as 南通 附件2 reproduces it.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

from govmedia_lint import checks  # noqa: F401
from govmedia_lint.engine.packs import PackSet

SEEDS = Path(__file__).parents[1] / "data" / "seeds"
SEED_OF_PACK = {
    "jiaxian": "000_118dc5097e82e3bf.txt",
    "shenmu": "001_8d52b295fa7d3ad7.txt",
    "suixi": "002_0494f2f70c1bc7b0.txt",
    "nantong": "003_d887a2ce90568c12.txt",
    "national": "003_d887a2ce90568c12.txt",
    "qianjiang": "004_e030be96859f96a7.txt",
}
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})


def normalise(text: str) -> str:
    """Width-folded (NFKC: ，→, （→( …), curly quotes straightened, whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_QUOTES))


def is_quoted_from(quote: str, document: str) -> bool:
    position = 0
    for part in (normalise(p) for p in quote.split("……")):
        found = document.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


PACKSET = PackSet.load()
CASES = [(pack_id, pack.rules[code]) for pack_id, pack in PACKSET.packs.items() for code in pack.own]


def test_every_pack_has_its_seed_document():
    assert set(PACKSET.packs) <= set(SEED_OF_PACK)
    for name in SEED_OF_PACK.values():
        assert (SEEDS / name).is_file()


def test_normalising_folds_width_and_whitespace_but_keeps_the_full_stop():
    assert normalise("一、 政务新媒体，（原则上）\n每周") == normalise("一、政务新媒体,(原则上)每周")
    assert not is_quoted_from("不得作为认证主体。", "不得作为认证主体，应当……")
    assert is_quoted_from("账号主体……认证主体", "账号主体或认证主体，")


@lru_cache(maxsize=None)
def seed(pack_id: str) -> str:
    return normalise((SEEDS / SEED_OF_PACK[pack_id]).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{rule.code}[{rule.source.article}]" for _, rule in CASES])
def test_quote_is_verbatim_from_the_document(case):
    pack_id, rule = case
    assert is_quoted_from(rule.source.quote, seed(pack_id)), f"{rule.code}: {rule.source.quote}"


# docs/severity-policy.md "Quotes and the published punctuation": 神木's page sets its punctuation half-width; the
# quotes write it full-width, every rule alike
@pytest.mark.parametrize("case", CASES, ids=[f"{rule.code}[{rule.source.article}]" for _, rule in CASES])
def test_quote_punctuation_is_written_full_width(case):
    _, rule = case
    assert not re.search(r"[,;:()]", rule.source.quote), f"{rule.code}: {rule.source.quote}"
