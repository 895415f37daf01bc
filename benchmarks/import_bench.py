"""Benchmark `govmedia-lint import`: a year of posts for N accounts (run on demand, not in the test suite).

    python benchmarks/import_bench.py 1000          # accounts; data under a temporary directory
    python benchmarks/import_bench.py 100 --keep /tmp/import-bench   # generate into it, or re-use its exports
    PYTHONPATH=/other/checkout/src python benchmarks/import_bench.py 100 --keep /tmp/import-bench  # older code

Per account: a hand-kept account file (account facts, two hand-entered posts with editor and reviewers, comments)
and a WeChat 数据分析 export as .xlsx with a year of articles (~300 rows, 16 columns, a 3-row preamble above the
header, 多图文 pushes). Timed, each in one process over all accounts (the import code path of the CLI, without
interpreter start-up per file), and one CLI invocation for the start-up cost:

* first: every export imported into its empty-ish account (all posts added; file rewritten atomically);
* again: the same exports re-imported (nothing changes; no file written);
* overlap: a second export per account with the last quarter again plus a month of new posts;
* cli: one `govmedia-lint import` subprocess (start-up + one account).

The figures go to the README (section 把已有账号纳入登记).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ACCOUNT = """\
# {name}：账号事实手工登记
schema: govmedia-lint/v1
account:
  name: {name}
  platform: wechat
  account_id: gh_{index:012x}
  jurisdiction: jiaxian
  host_unit: 佳县第{index}局
  status: active
  opened_on: 2024-01-01
posts:
  # 手工录入
  - {{date: 2025-01-06, title: 第{index}局工作动态（1月6日）, editor: 刘小燕, reviewers: [张卫东, 王建国]}}
  - {{date: 2025-03-03, title: 转载：国务院办公厅通知, editor: 刘小燕, reviewers: [张卫东]}}
"""

HEADER = ["内容标题", "发表时间", "总阅读人数", "总阅读次数", "总分享人数", "总分享次数", "阅读后关注人数", "送达人数",
          "公众号消息阅读次数", "送达阅读率", "首次分享次数", "分享产生阅读次数", "首次分享率", "每次分享带来阅读次数",
          "阅读完成率", "内容url"]


def year_rows(index: int, start: date, days: int, rng: random.Random, first_mid: int = 0) -> list[list]:
    rows, mid = [], 2247483000 + index * 1000 + first_mid
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day.weekday() >= 5 or rng.random() < 0.1:
            continue
        mid += 1
        for idx in range(1, (3 if rng.random() < 0.15 else 2)):
            title = f"第{index}局工作动态（{day.month}月{day.day}日）" + ("" if idx == 1 else f"之{idx}")
            url = f"http://mp.weixin.qq.com/s?__biz=MzA4ODQ2MDgxMA==&mid={mid}&idx={idx}&sn={mid:x}{idx}"
            reads = rng.randint(100, 3000)
            rows.append([title, int(day.strftime("%Y%m%d")), reads, reads + 200, 20, 30, 1, 5000, 300, 0.06, 10, 100,
                         0.03, 4.5, 0.6, url])
    return rows


def write_xlsx(path: Path, rows: list[list]) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("New Sheet1")
    for row in [["佳县 已通知内容"], ["统计时间"], [], HEADER, *rows]:
        sheet.append(row)
    partial = path.with_name(path.name + ".partial")  # an interrupted generation leaves no export to re-use
    book.save(partial)
    partial.replace(path)


def generate(root: Path, count: int) -> tuple[list[Path], list[Path], list[Path], int]:
    """The account files (always written afresh) and both exports of each account; exports already in ``root``
    (from an earlier run, of this many accounts or more) are re-used: the same bytes, as the generation is
    deterministic. Also how many exports were written."""
    rng = random.Random(7)
    written = 0
    accounts, firsts, seconds = [], [], []
    for index in range(count):
        account = root / "accounts" / f"a{index:05d}.yaml"
        account.parent.mkdir(parents=True, exist_ok=True)
        account.write_text(ACCOUNT.format(name=f"佳县第{index}局", index=index), encoding="utf-8")
        year = year_rows(index, date(2025, 1, 1), 365, random.Random(index))
        first = root / "exports" / f"a{index:05d}-2025.xls"  # .xlsx content behind a .xls name, as downloads come
        first.parent.mkdir(parents=True, exist_ok=True)
        later = [r for r in year if r[1] >= 20251001] + year_rows(index, date(2026, 1, 1), 31, rng, first_mid=500)
        second = root / "exports" / f"a{index:05d}-overlap.xlsx"
        for path, rows in ((first, year), (second, later)):
            if not path.exists():
                write_xlsx(path, rows)
                written += 1
        accounts.append(account)
        firsts.append(first)
        seconds.append(second)
    return accounts, firsts, seconds, written


def cpu_seconds() -> float:
    """CPU time of this process and of its ended children (the workbook reader, once stopped)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def import_all(accounts: list[Path], exports: list[Path]) -> tuple[float, float, dict[str, int]]:
    """Wall and CPU seconds (this process and the workbook reader) of importing each export into its account."""
    from govmedia_lint.importing import readers, sources
    from govmedia_lint.importing.merge import AccountEditor

    # older code (PYTHONPATH of another checkout) may have no prefetch, and a reader process per file
    prefetch = getattr(sources, "prefetch", lambda source, paths: None)
    stop_reader = getattr(readers, "stop_reader", lambda: None)
    load = sources.READERS["wechat-analytics"]
    totals: dict[str, int] = {}
    started, cpu = time.perf_counter(), cpu_seconds()
    for account, export in zip(accounts, exports):
        prefetch("wechat-analytics", [export])  # as run.py: the export is read while the account file is opened
        editor = AccountEditor(account)
        loaded = load([export], {}, None, editor.account_facts())
        for record in loaded.records:
            status = editor.apply(record)
            totals[status] = totals.get(status, 0) + 1
        editor.finish(dry_run=False)
    stop_reader()
    return time.perf_counter() - started, cpu_seconds() - cpu, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("accounts", type=int, nargs="?", default=1000)
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this directory; exports already in it "
                        "are re-used (the account files are written afresh)")
    parser.add_argument("--no-cli", action="store_true", help="skip the one CLI invocation")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="govmedia-import-bench-"))
    started = time.perf_counter()
    accounts, firsts, seconds, written = generate(root, args.accounts)
    import govmedia_lint

    print(f"{args.accounts} accounts under {root} ({written} of {2 * len(firsts)} exports generated) in "
          f"{time.perf_counter() - started:.1f} s; code {Path(govmedia_lint.__file__).parent}")
    print(f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}; machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}")
    for name, exports in (("first", firsts), ("again", firsts), ("overlap", seconds)):
        took, cpu, totals = import_all(accounts, exports)
        records = sum(totals.values())
        print(f"{name:8s} {took:7.1f} s  {took / len(accounts) * 1000:6.1f} ms/account  "
              f"cpu {cpu:7.1f} s {cpu / len(accounts) * 1000:6.1f} ms/account  {records / took:8.0f} rows/s  "
              f"load {os.getloadavg()[0]:.2f}  {totals}")
    if args.no_cli:
        return
    cli = Path(sys.executable).parent / "govmedia-lint"
    started = time.perf_counter()
    subprocess.run([str(cli), "import", "wechat-analytics", str(firsts[0]), "--account", str(accounts[0]), "--dry-run"],
                   check=True, capture_output=True)
    print(f"cli      {time.perf_counter() - started:7.2f} s for one account (interpreter start-up included)")


if __name__ == "__main__":
    main()
