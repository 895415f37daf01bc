"""Benchmark the text checks: ``check`` on a register cold, without texts and with a text store per account.

    python benchmarks/text_bench.py 1000 [--chars 1500] [--data /tmp/govmedia-bench-text]

The register is benchmarks/generate.py's (a year of posts per account, ~360 on average). The copy
with texts gives every post a ``text_ref`` and writes ``<account>.texts/2025.yaml`` with a text of
about ``--chars`` characters (government-news sentences; one post in a hundred with a lexicon word,
one in two hundred with an ID number). Both are checked cold (``--no-cache``, all cores) as of
2025-12-31; the difference is what the text checks cost.

Measured on 1,000 accounts (408,518 texts, 623.4 M characters; x86_64, 2 cores, Python 3.11.7): before
each text was scanned once per rule with the patterns tried at every character, 22.7 s without texts and
155.4 s with them (+132.8 s); after (one pass per text for every rule, patterns tried where a match can
begin) +20.0 s (54.1 s and 74.1 s on cores shared with other work), the same 2,108 text findings.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import generate  # noqa: E402

from govmedia_lint.text.store import format_store  # noqa: E402

SENTENCES = ["会议强调，要坚持以人民为中心的发展思想，扎实推进各项重点工作。", "全县各部门认真贯彻落实上级决策部署。",
             "县政府召开常务会议，研究部署防汛救灾和安全生产工作。", "各乡镇要压实责任，确保群众生命财产安全。",
             "本次活动共发放宣传资料三千余份，接受群众咨询二百余人次。", "详情可登录县政府门户网站 www.gov.cn 查询。",
             "下一步，我们将持续优化营商环境，提升政务服务效能。", "活动现场，工作人员耐心解答群众关心的问题。"]
HITS = ["走访慰问了村长和困难群众。", "失主身份证号 11010519491231002X，请来领取。"]
_POST = re.compile(r"^(  - \{)(date: )", re.M)


def _texts(rng: random.Random, chars: int, count: int) -> list[str]:
    out = []
    for _ in range(count):
        parts, size = [], 0
        while size < chars:
            sentence = rng.choice(SENTENCES)
            parts.append(sentence)
            size += len(sentence)
            if rng.random() < 0.2:
                parts.append("\n")
        out.append("".join(parts))
    return out


def add_texts(folder: Path, chars: int, seed: int = 1) -> tuple[int, int]:
    rng = random.Random(seed)
    pool = _texts(rng, chars, 64)
    posts = total = 0
    for path in sorted(folder.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        counter = iter(range(1_000_000))
        texts = {}

        def ref(match: re.Match) -> str:
            key = f"p{next(counter)}"
            body = rng.choice(pool)
            roll = rng.random()
            if roll < 0.01:
                body = HITS[0] + body
            elif roll < 0.015:
                body = HITS[1] + body
            texts[key] = body
            return f"{match.group(1)}text_ref: {key}, {match.group(2)}"

        text = _POST.sub(ref, text)
        if not texts:
            continue
        path.write_text(text, encoding="utf-8")
        store = path.with_name(path.stem + ".texts")
        store.mkdir(exist_ok=True)
        (store / "2025.yaml").write_text(format_store(texts), encoding="utf-8")
        posts += len(texts)
        total += sum(len(t) for t in texts.values())
    return posts, total


def run(folder: Path) -> float:
    output = folder.parent / f"{folder.name}.json"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "govmedia_lint", "check", str(folder), "--no-cache", "--as-of", "2025-12-31",
                    "--fail-on", "never", "-f", "json", "-o", str(output)], stdout=subprocess.DEVNULL)  # exit 2: the generator writes a few bad files
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("accounts", type=int)
    parser.add_argument("--chars", type=int, default=1500, help="characters per post text")
    parser.add_argument("--data", type=Path, default=Path("/tmp/govmedia-bench-text"))
    args = parser.parse_args(argv)
    plain, texts = args.data / f"{args.accounts}-plain", args.data / f"{args.accounts}-texts-{args.chars}"
    if not plain.is_dir():
        generate.generate(args.accounts, plain)
    if not texts.is_dir():
        shutil.copytree(plain, texts)
        posts, chars = add_texts(texts, args.chars)
        print(f"texts: {posts} posts, {chars / 1e6:.1f} M characters")
    without, with_texts = run(plain), run(texts)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"cold check, {args.accounts} accounts: without texts {without:.1f} s, with texts {with_texts:.1f} s "
          f"(+{with_texts - without:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
