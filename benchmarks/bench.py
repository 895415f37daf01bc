"""Benchmark `govmedia-lint check` on synthetic registers against the YAML parse floor.

    python benchmarks/bench.py 100 1000            # sizes in accounts; 10000 takes a while
    python benchmarks/bench.py 1000 --serial --before

For each size, on the same files (generated once under --data by benchmarks/generate.py):

* floor: parse every file with PyYAML's libyaml ``CSafeLoader`` (the fastest safe C-based loader)
  and nothing else, in one process; and the same over ``--jobs`` forked processes (floor/N);
* cold: ``govmedia-lint check`` on the whole register with an empty cache (all cores);
* warm: the same command again, nothing changed (every file a cache hit);
* serial (--serial): ``--jobs 1 --no-cache``; before (--before): the pre-runner path (load every
  file into memory, then ``evaluate_register``), for before/after figures.

Each is a fresh process; wall time, CPU time (user+sys of the process tree) and peak memory (sum
of the resident sets of the process and its workers, sampled every 20 ms) are printed, with the
headline ratio cold/floor. The JSON outputs of cold, warm and serial runs must be identical.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate

PY = sys.executable
ROOT = HERE.parent
CLI = "import sys; from govmedia_lint.cli import app; sys.argv[0] = 'govmedia-lint'; app()"

FLOOR = r"""
import sys, yaml, multiprocessing
from pathlib import Path
files = [l for l in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines() if l]
jobs = int(sys.argv[2])
def parse(name):
    with open(name, "rb") as handle:
        yaml.load(handle.read().decode("utf-8-sig"), Loader=yaml.CSafeLoader)
    return 0
if jobs == 1:
    for name in files:
        parse(name)
else:
    files.sort(key=lambda n: -Path(n).stat().st_size)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for _ in pool.imap_unordered(parse, files):
            pass
"""

BEFORE = r"""
import sys
from datetime import date
from pathlib import Path
from govmedia_lint import checks
from govmedia_lint.engine.evaluate import RunOptions, default_period, evaluate_register
from govmedia_lint.engine.packs import PackSet
from govmedia_lint.loading import discover, load_account_file
from govmedia_lint.report.facts import collect
from govmedia_lint.workdays import WorkCalendar
as_of = date.fromisoformat(sys.argv[2])
since, until = default_period(as_of)
loaded = [load_account_file(p) for p in discover([Path(sys.argv[1])])]
result = evaluate_register(loaded, PackSet.load(), RunOptions(as_of, since, until, WorkCalendar()))
facts = {r.path: collect(r.path, r.document) for r in loaded if r.document is not None}
print(len(result.findings), file=sys.stderr)
"""


def _tree_rss(root: int) -> int:
    """Resident set (bytes) of ``root`` and its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def measure(argv: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Run ``argv``; wall and CPU seconds, peak memory of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode not in (0, 1, 2):
        raise SystemExit(f"{argv[:3]} failed ({process.returncode}): {err.decode()[-2000:]}")
    return {"wall": wall, "cpu": cpu, "peak_mb": peak[0] / 2**20, "rc": process.returncode}


def ensure_data(size: int, data: Path, regenerate: bool) -> tuple[Path, dict]:
    folder = data / str(size)
    meta = data / f"{size}.json"
    if regenerate or not meta.exists() or not folder.exists():
        started = time.perf_counter()
        totals = generate.generate(size, folder)
        totals["generated_in"] = time.perf_counter() - started
        meta.write_text(json.dumps(totals), encoding="utf-8")
    return folder, json.loads(meta.read_text(encoding="utf-8"))


def machine() -> str:
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import yaml

    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, PyYAML {yaml.__version__} "
            f"(libyaml {yaml.__with_libyaml__}), load average {os.getloadavg()[0]:.1f} at start")


def snapshot(work: Path) -> dict:
    """A frozen copy of the tool (src/ and rules/) to run, so edits made meanwhile in the work tree do
    not change the code between the cold and the warm run (the cache key includes the code)."""
    import shutil

    shutil.copytree(ROOT / "src" / "govmedia_lint", work / "src" / "govmedia_lint",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", work / "rules")
    return {**os.environ, "PYTHONPATH": str(work / "src")}


def one_account(posts: int) -> str:
    """One 佳县 account with ``posts`` posts spread over 2025 and a message for every five posts."""
    from datetime import datetime, timedelta

    header = ("account: {name: 佳县发布, platform: wechat, platform_kind: 订阅号, jurisdiction: jiaxian, "
              "host_unit: 佳县人民政府办公室, host_unit_kind: government, verification_names_host: true, purpose: regular, "
              "status: active, approved_on: 2019-01-02, opened_on: 2019-01-10, interaction_enabled: true, "
              "staff: {leader: 王志刚, operators: [李娜], editors: [李娜], reviewers: [张卫东, 王志刚]}}")
    lines = [header, "messages:"]
    start, step = datetime(2025, 1, 1, 8), timedelta(minutes=365 * 24 * 60 / posts)
    for i in range(posts // 5):
        moment = start + step * 5 * i
        lines.append(f"  - {{received_at: {moment:%Y-%m-%d %H:%M}, acknowledged_at: {moment + timedelta(hours=3):%Y-%m-%d %H:%M}, "
                     f"replied_at: {moment + timedelta(days=3 + i % 9):%Y-%m-%d %H:%M}, summary: 咨询办事材料}}")
    lines.append("posts:")
    for i in range(posts):
        moment = start + step * i
        extra = ", commercial_ad: true" if i % 500 == 7 else ""
        lines.append(f"  - {{date: {moment:%Y-%m-%d %H:%M}, title: 佳县政务要闻{i % 50}, original: {'true' if i % 5 else 'false'}, "
                     f"source_approved: true, editor: 李娜, reviewers: [张卫东, 王志刚], review_record_kept: true{extra}}}")
    return "\n".join(lines) + "\n"


def scaling(work: Path, counts: list[int]) -> None:
    """CPU per post of checking one account as its log grows: flat if no rule is quadratic in the log."""
    from datetime import date

    import yaml

    from govmedia_lint.engine.evaluate import RunOptions, default_period
    from govmedia_lint.engine.packs import PackSet
    from govmedia_lint.runner import check_files
    from govmedia_lint.workdays import WorkCalendar

    packset = PackSet.load()
    since, until = default_period(date(2025, 12, 31))
    options = RunOptions(date(2025, 12, 31), since, until, WorkCalendar())
    print("\nposts in one file | floor µs/post | check µs/post | findings")
    for count in counts:
        path = work / f"scaling-{count}.yaml"
        path.write_text(one_account(count), encoding="utf-8")
        start = time.process_time()
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        floor = time.process_time() - start
        start = time.process_time()
        run = check_files([path], packset, options, jobs=1)
        checked = time.process_time() - start
        print(f"{count:>17,} | {floor / count * 1e6:13.0f} | {checked / count * 1e6:13.0f} | {len(run.result.findings)}",
              flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[100, 1000], help="register sizes in accounts")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "govmedia-bench")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--as-of", default="2025-12-31")
    parser.add_argument("--serial", action="store_true", help="also time --jobs 1 --no-cache")
    parser.add_argument("--before", action="store_true", help="also time the pre-runner path (all files in memory)")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--scaling", type=int, nargs="*", metavar="POSTS",
                        help="also time one account with this many posts each (e.g. 1000 4000 16000 64000)")
    args = parser.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    print(machine())
    if args.scaling:
        scaling(Path(tempfile.mkdtemp(prefix="scaling-", dir=args.data)), args.scaling)
    rows = []
    for size in args.sizes:
        folder, totals = ensure_data(size, args.data, args.regenerate)
        print(f"\n== {size} accounts: {totals['files']} files, {totals['bytes'] / 1e6:.0f} MB, "
              f"{totals['posts']:,} posts, {totals['messages']:,} messages ({folder})", flush=True)
        work = Path(tempfile.mkdtemp(prefix=f"bench{size}-", dir=args.data))
        listing = work / "files.txt"
        listing.write_text("\n".join(str(p) for p in sorted(folder.rglob("*.yaml"))), encoding="utf-8")
        env = snapshot(work)
        check = [PY, "-c", CLI, "check", str(folder), "--as-of", args.as_of, "--format", "json", "--fail-on", "never"]
        cache = ["--cache-dir", str(work / "cache")]
        runs = {}
        runs["floor"] = measure([PY, "-c", FLOOR, str(listing), "1"], work)
        print(f"floor   {runs['floor']['wall']:8.2f} s", flush=True)
        runs[f"floor/{args.jobs}"] = measure([PY, "-c", FLOOR, str(listing), str(args.jobs)], work)
        runs["cold"] = measure([*check, *cache, "--jobs", str(args.jobs), "-o", str(work / "cold.json")], work, env)
        print(f"cold    {runs['cold']['wall']:8.2f} s", flush=True)
        runs["warm"] = measure([*check, *cache, "--jobs", str(args.jobs), "-o", str(work / "warm.json")], work, env)
        outputs = ["cold.json", "warm.json"]
        if args.serial:
            runs["serial"] = measure([*check, "--no-cache", "--jobs", "1", "-o", str(work / "serial.json")], work, env)
            outputs.append("serial.json")
        if args.before:
            runs["before"] = measure([PY, "-c", BEFORE, str(folder), args.as_of], work, env)
        texts = {(work / name).read_bytes() for name in outputs}
        findings = len(json.loads((work / "cold.json").read_text(encoding="utf-8"))["findings"])
        print(f"{'run':<10} {'wall s':>9} {'cpu s':>9} {'peak MB':>9}")
        for name, figures in runs.items():
            print(f"{name:<10} {figures['wall']:9.2f} {figures['cpu']:9.2f} {figures['peak_mb']:9.0f}")
        floor, cold, warm = runs["floor"]["wall"], runs["cold"]["wall"], runs["warm"]["wall"]
        print(f"cold/floor = {cold / floor:.2f}   cold/floor{args.jobs} = {cold / runs[f'floor/{args.jobs}']['wall']:.2f}   "
              f"cold/warm = {cold / warm:.1f}   findings {findings:,}   outputs identical: {len(texts) == 1}")
        rows.append((size, totals, runs, findings, len(texts) == 1))
    print(f"\n| accounts | MB | posts | floor s | floor/{args.jobs} s | cold s | warm s | cold/floor | cold/warm "
          "| peak MB (cold) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size, totals, runs, findings, same in rows:
        print(f"| {size:,} | {totals['bytes'] / 1e6:.0f} | {totals['posts']:,} | {runs['floor']['wall']:.1f} | "
              f"{runs[f'floor/{args.jobs}']['wall']:.1f} | {runs['cold']['wall']:.1f} | {runs['warm']['wall']:.2f} | "
              f"{runs['cold']['wall'] / runs['floor']['wall']:.2f} | {runs['cold']['wall'] / runs['warm']['wall']:.0f}× | "
              f"{runs['cold']['peak_mb']:.0f} |")
    return 0 if all(same for *_, same in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
