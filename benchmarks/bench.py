"""Benchmark `govmedia-lint check` on synthetic registers against the YAML parse floor.

    python benchmarks/bench.py 100 1000            # sizes in accounts; 10000 takes a while
    python benchmarks/bench.py 1000 --serial --before

For each size, on the same files (generated once under --data by benchmarks/generate.py):

* floor: parse every file with PyYAML's libyaml ``CSafeLoader`` (the fastest safe C-based loader)
  and nothing else, in one process; and the same over ``--jobs`` forked processes (floor/N);
* cold: ``govmedia-lint check`` on the whole register with an empty cache (all cores);
* warm: the same command again, nothing changed (the stored report is written again);
* 1 edited: the same command after one account file changed (the pull-request case: that file is
  checked, every other file comes from its cache entry, the report is rendered);
* --pr: only the pull-request cases, medians of ``--repeat`` runs: after one cold json run, another
  format on that warm cache (json, then table: every file from its entry, the table rendered), and the
  edited run in each of ``--pr``'s formats (default json, sarif, table, xlsx, html);
* --all: every figure in one run, each against its target (below the README's table): floor, floor over
  ``--jobs`` processes and cold alternately, ``--repeat`` times, medians; warm; the pull-request cases; the
  start-up of a one-file check; ``--import N``: import_bench.py's first import, the same exports again and an overlapping export;
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

import generate  # noqa: E402 (the benchmarks folder is put on sys.path first)

PY = sys.executable
ROOT = HERE.parent
CLI = "import sys; from govmedia_lint.entry import main; sys.argv[0] = 'govmedia-lint'; main()"

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
from govmedia_lint.run.facts import collect
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


def ensure_data(size: int, data: Path, regenerate: bool, profile: str = "few") -> tuple[Path, dict]:
    name = str(size) if profile == "few" else f"{profile}-{size}"
    folder = data / name
    meta = data / f"{name}.json"
    if regenerate or not meta.exists() or not folder.exists():
        started = time.perf_counter()
        totals = generate.generate(size, folder, profile=profile)
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
    env = {**os.environ, "PYTHONPATH": str(work / "src")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled once (the first run), not on every start
    return env


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
    from govmedia_lint.run.runner import check_files
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


FORMATS = ["table", "json", "sarif", "junit", "github", "csv", "xlsx", "html"]
EXT = {"table": "txt", "github": "gh.txt"}


def bench_register(size: int, profile: str, args: argparse.Namespace) -> dict:
    """floor, floor/N, then cold (empty cache) and warm (same command again) in every format."""
    folder, totals = ensure_data(size, args.data, args.regenerate, profile)
    print(f"\n== {size} accounts, {profile} findings: {totals['files']} files, {totals['bytes'] / 1e6:.0f} MB, "
          f"{totals['posts']:,} posts, {totals['messages']:,} messages ({folder}); load {os.getloadavg()[0]:.1f}",
          flush=True)
    work = Path(tempfile.mkdtemp(prefix=f"bench{profile}{size}-", dir=args.data))
    listing = work / "files.txt"
    listing.write_text("\n".join(str(p) for p in sorted(folder.rglob("*.yaml"))), encoding="utf-8")
    env = {**snapshot(work), "COLUMNS": "120"}
    check = [PY, "-c", CLI, "check", str(folder), "--as-of", args.as_of, "--fail-on", "never", "--color", "never"]
    runs: dict[str, dict] = {}
    runs["floor"] = measure([PY, "-c", FLOOR, str(listing), "1"], work)
    runs[f"floor/{args.jobs}"] = measure([PY, "-c", FLOOR, str(listing), str(args.jobs)], work)
    print(f"floor {runs['floor']['wall']:.2f} s   floor/{args.jobs} {runs[f'floor/{args.jobs}']['wall']:.2f} s", flush=True)
    outputs: dict[str, set] = {}
    print(f"{'format':<8} {'cold s':>8} {'warm s':>8} {'cold/warm':>10} {'cold cpu':>9} {'warm cpu':>9} "
          f"{'cpu ratio':>9} {'peak MB':>8} {'1 edited':>9}", flush=True)
    edited = sorted(folder.rglob("*.yaml"))[len(list(folder.rglob("*.yaml"))) // 2]
    for fmt in args.formats:
        cache = work / f"cache-{fmt}"
        out = work / f"out.{EXT.get(fmt, fmt)}"  # one output path: warm is the same command again
        shared = [*check, "--format", fmt, "--jobs", str(args.jobs), "--cache-dir", str(cache), "-o", str(out)]
        if fmt in args.cold or "all" in args.cold:
            cold = measure(shared, work, env)
        else:  # the cache filled by another format's cold run: cold = that run
            cold = dict(runs["cold-json"])
            import shutil

            shutil.copytree(work / "cache-json", cache)
            subprocess.run(shared, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        out.replace(work / f"cold.{EXT.get(fmt, fmt)}")
        warm = measure(shared, work, env)
        out.replace(work / f"warm.{EXT.get(fmt, fmt)}")
        # the pull-request case: one account file edited, every other file from its cache entry
        original = edited.read_bytes()
        try:
            edited.write_bytes(original + f"# bench edit {fmt}\n".encode())
            one = measure(shared, work, env)
        finally:
            edited.write_bytes(original)
        runs[f"cold-{fmt}"], runs[f"warm-{fmt}"], runs[f"edited-{fmt}"] = cold, warm, one
        outputs[fmt] = {(work / f"{state}.{EXT.get(fmt, fmt)}").read_bytes() for state in ("cold", "warm")}
        print(f"{fmt:<8} {cold['wall']:8.2f} {warm['wall']:8.2f} {cold['wall'] / warm['wall']:9.1f}× "
              f"{cold['cpu']:9.2f} {warm['cpu']:9.2f} {cold['cpu'] / max(warm['cpu'], 1e-3):8.1f}× "
              f"{cold['peak_mb']:8.0f} {one['wall']:9.2f}", flush=True)
    if args.serial:
        runs["serial"] = measure([*check, "--format", "json", "--no-cache", "--jobs", "1", "-o",
                                  str(work / "serial.json")], work, env)
        outputs.setdefault("json", set()).add((work / "serial.json").read_bytes())
    if args.before:
        runs["before"] = measure([PY, "-c", BEFORE, str(folder), args.as_of], work, env)
    findings = len(json.loads((work / "cold.json").read_text(encoding="utf-8"))["findings"]) \
        if (work / "cold.json").exists() else 0
    same = all(len(texts) == 1 for fmt, texts in outputs.items() if fmt != "xlsx")  # xlsx stamps its creation time
    reference = runs.get("cold-json") or next(v for k, v in runs.items() if k.startswith("cold-"))
    print(f"cold/floor = {reference['wall'] / runs['floor']['wall']:.2f}   "
          f"cold/floor{args.jobs} = {reference['wall'] / runs[f'floor/{args.jobs}']['wall']:.2f}   findings {findings:,} "
          f"({findings / max(1, totals['files']):.0f} per account)   outputs identical cold/warm: {same}   "
          f"load {os.getloadavg()[0]:.1f}", flush=True)
    return {"size": size, "profile": profile, "totals": totals, "runs": runs, "findings": findings, "same": same}


PR_FORMATS = ["json", "sarif", "table", "xlsx", "html"]


def _median(runs: list[dict]) -> dict:
    """The median wall time and the median CPU time of ``runs`` (each on its own)."""
    walls, cpus = sorted(r["wall"] for r in runs), sorted(r["cpu"] for r in runs)
    return {"wall": walls[len(walls) // 2], "cpu": cpus[len(cpus) // 2], "walls": [r["wall"] for r in runs],
            "peak_mb": max(r["peak_mb"] for r in runs)}


def bench_pr(size: int, profile: str, args: argparse.Namespace, filled: tuple[Path, dict, Path] | None = None) -> dict:
    """The pull-request cases on a cache one cold json run filled: another format on the warm cache, and one
    account file edited in each format (medians of ``--repeat``, wall and CPU, with the load average).
    ``filled``: (work folder, environment, cache) of a cold json run already made (``--all``)."""
    folder, _ = ensure_data(size, args.data, args.regenerate, profile)
    if filled:
        work, env, cache = filled
    else:
        work = Path(tempfile.mkdtemp(prefix=f"benchpr{profile}{size}-", dir=args.data))
        env = {**snapshot(work), "COLUMNS": "120"}
        cache = work / "cache"
    check = [PY, "-c", CLI, "check", str(folder), "--as-of", args.as_of, "--fail-on", "never", "--color", "never",
             "--jobs", str(args.jobs), "--cache-dir", str(cache)]

    def command(fmt: str, out: Path) -> list[str]:
        return [*check, "--format", fmt, "-o", str(out)]

    print(f"\n== pull-request cases, {size} accounts, {profile} findings ({folder}); medians of {args.repeat}, "
          f"wall and CPU (user+sys of the process tree); load {os.getloadavg()[0]:.1f}", flush=True)
    results: dict[str, dict] = {}
    print(f"{'case':<24} {'wall s':>7} {'CPU s':>7}  {'walls':<22} load", flush=True)
    if not filled:
        cold = measure(command("json", work / "cold.json"), work, env)
        warm = measure(command("json", work / "cold.json"), work, env)
        print(f"{'cold json':<24} {cold['wall']:7.2f} {cold['cpu']:7.2f}  {'':<22} {os.getloadavg()[0]:.1f}", flush=True)
        print(f"{'warm json':<24} {warm['wall']:7.2f} {warm['cpu']:7.2f}  {'':<22} {os.getloadavg()[0]:.1f}", flush=True)
        results.update({"cold-json": cold, "warm-json": warm})
    same = True

    def show(label: str, runs: list[dict]) -> dict:
        median = _median(runs)
        walls = " ".join(f"{w:.2f}" for w in median["walls"])
        print(f"{label:<24} {median['wall']:7.2f} {median['cpu']:7.2f}  {walls:<22} {os.getloadavg()[0]:.1f}",
              flush=True)
        return median

    # another format on the warm cache: a json run filled every entry; the table has no stored report yet
    others = [work / f"other-{i}.txt" for i in range(args.repeat)]
    results["other-table"] = show("json, then table", [measure(command("table", out), work, env) for out in others])
    same &= len({out.read_bytes() for out in others}) == 1
    files = sorted(folder.rglob("*.yaml"))
    edited = files[len(files) // 2]
    original = edited.read_bytes()
    for fmt in args.pr:
        ext = EXT.get(fmt, fmt)
        unedited = work / f"unedited.{ext}"
        measure(command(fmt, unedited), work, env)  # this format's stored report, as a run on main leaves it
        runs = []
        for i in range(args.repeat):
            out = work / f"edited-{i}.{ext}"
            try:  # a comment: the findings, and so the report, are those of the unedited register
                edited.write_bytes(original + f"# bench edit {fmt} {i}\n".encode())
                runs.append(measure(command(fmt, out), work, env))
            finally:
                edited.write_bytes(original)
            if fmt != "xlsx":  # xlsx stamps its creation time
                same &= out.read_bytes() == unedited.read_bytes()
        results[f"edited-{fmt}"] = show(f"1 edited, {fmt}", runs)
    print(f"outputs of the edited runs identical to the unedited run's: {same}   load {os.getloadavg()[0]:.1f}",
          flush=True)
    return {"size": size, "profile": profile, "runs": results, "same": same}


def bench_all(size: int, profile: str, args: argparse.Namespace) -> dict:
    """Every figure of one register, in one run: the floor and a cold json run (empty cache) alternately,
    ``--repeat`` times (medians: this machine's single-process speed drifts, so a floor is never timed long
    before the run it divides), the warm run, then the pull-request cases on the last cold run's cache."""
    folder, totals = ensure_data(size, args.data, args.regenerate, profile)
    work = Path(tempfile.mkdtemp(prefix=f"benchall{profile}{size}-", dir=args.data))
    listing = work / "files.txt"
    listing.write_text("\n".join(str(p) for p in sorted(folder.rglob("*.yaml"))), encoding="utf-8")
    env = {**snapshot(work), "COLUMNS": "120"}
    print(f"\n== {size} accounts, {profile} findings: {totals['files']} files, {totals['bytes'] / 1e6:.0f} MB "
          f"({folder}); floor and cold alternately, {args.repeat}×; load {os.getloadavg()[0]:.1f}", flush=True)
    floors, parallel_floors, colds = [], [], []
    for i in range(args.repeat):
        floors.append(measure([PY, "-c", FLOOR, str(listing), "1"], work))
        # the same parse over the check's processes: what the cores give when nothing but parsing runs on them
        parallel_floors.append(measure([PY, "-c", FLOOR, str(listing), str(args.jobs)], work))
        cache = work / f"cache-{i}"
        colds.append(measure([PY, "-c", CLI, "check", str(folder), "--as-of", args.as_of, "--fail-on", "never",
                              "--color", "never", "--jobs", str(args.jobs), "--cache-dir", str(cache), "--format",
                              "json", "-o", str(work / f"cold-{i}.json")], work, env))
        print(f"floor {floors[-1]['wall']:7.2f} s   floor/{args.jobs} {parallel_floors[-1]['wall']:7.2f} s   cold json {colds[-1]['wall']:7.2f} s (CPU {colds[-1]['cpu']:.1f} s, "
              f"peak {colds[-1]['peak_mb']:,.0f} MB)   cold/floor {colds[-1]['wall'] / floors[-1]['wall']:.2f}   "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
    same = len({(work / f"cold-{i}.json").read_bytes() for i in range(args.repeat)}) == 1
    floor, parallel_floor, cold = _median(floors), _median(parallel_floors), _median(colds)
    pr = bench_pr(size, profile, args, (work, env, cache))
    findings = len(json.loads((work / "cold-0.json").read_text(encoding="utf-8"))["findings"])
    return {"size": size, "profile": profile, "findings": findings, "floor": floor, "cold": cold,
            "ratio": cold["wall"] / floor["wall"], "parallel_floor": parallel_floor["wall"] / floor["wall"],
            "jobs": args.jobs, "ratios": [c["wall"] / f["wall"] for c, f in zip(colds, floors)],
            "pr": pr["runs"], "same": same and pr["same"]}


#: the targets the figures are held to: (what, limit, unit)
TARGETS = {
    "cold/floor": 0.7, "peak MB at 10,000 many": 1024, "1 edited (machine formats, table)": 1.5,
    "1 edited (xlsx, html)": 3.0, "another format on a warm cache": 1.5, "start-up, one-file check (CPU)": 0.2,
    "import first": 40, "import again": 10, "import overlap": 20,
}


def imports_figures(accounts: int, keep: Path | None) -> dict[str, float]:
    """``import_bench.py``'s wall seconds of the first import, the same exports again and an overlapping one."""
    argv = [PY, str(HERE / "import_bench.py"), str(accounts), "--no-cli", *(["--keep", str(keep)] if keep else [])]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    print(done.stdout.rstrip(), flush=True)
    figures = {"accounts": float(accounts)}
    for line in done.stdout.splitlines():
        name, _, rest = line.partition(" ")
        if name in ("first", "again", "overlap"):
            figures[name] = float(rest.split()[0])
    return figures


def startup_cpu(runs: int = 10) -> tuple[float, float]:
    """CPU seconds (best, median) of a one-file check, as ``startup.py`` times it."""
    import startup as startup_bench

    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "COLUMNS": "120"}
    command = [PY, "-m", "govmedia_lint", "check", str(startup_bench.DEFAULT_FILE), "--no-cache"]
    startup_bench.cpu_of(command, env)  # the file system cache warm
    times = sorted(startup_bench.cpu_of(command, env) for _ in range(runs))
    return times[0], times[len(times) // 2]


def summary(rows: list[dict], start: tuple[float, float] | None, imports: dict[str, float]) -> None:
    """Every figure against its target, as the README's table shows them."""
    print("\n| figure | register | value | target | met |\n|---|---|---|---|---|")

    def line(name: str, where: str, value: float, target: float | None, unit: str = " s") -> None:
        shown = f"{value:,.0f} MB" if unit == "MB" else f"{value:.2f}{unit}"
        if target is None:
            print(f"| {name} | {where} | {shown} | — | — |")
            return
        limit = f"{target:,.0f} MB" if unit == "MB" else f"{target}{unit}"
        print(f"| {name} | {where} | {shown} | ≤ {limit} | {'yes' if value <= target else 'no'} |")

    for row in rows:
        where = f"{row['size']:,} {row['profile']}"
        line("cold/floor", where, row["ratio"], TARGETS["cold/floor"], "×")
        # the parse alone over the same processes, for scale: a check parses, validates and judges every file
        line(f"floor over {row['jobs']} processes / floor", where, row["parallel_floor"], None, "×")
        if row["size"] >= 10000 and row["profile"] == "many":
            line("peak memory, cold", where, row["cold"]["peak_mb"], TARGETS["peak MB at 10,000 many"], "MB")
        runs = row["pr"]
        # the pull-request targets are those of a 1,000-account register; other sizes are shown against none
        held = row["size"] == 1000
        line("another format on a warm cache (json, then table)", where, runs["other-table"]["wall"],
             TARGETS["another format on a warm cache"] if held else None)
        for key, value in runs.items():
            if key.startswith("edited-"):
                fmt = key.split("-", 1)[1]
                slow = fmt in ("xlsx", "html")
                line(f"1 edited, {fmt}", where, value["wall"],
                     TARGETS["1 edited (xlsx, html)" if slow else "1 edited (machine formats, table)"] if held else None)
    if start:
        line(f"start-up, one-file check, best CPU (median {start[1]:.3f} s)", "1 file", start[0],
             TARGETS["start-up, one-file check (CPU)"])
    for name, value in imports.items():
        if name != "accounts":
            line(f"import {name}", f"{imports['accounts']:,.0f} accounts", value, TARGETS[f"import {name}"])


def startup(env: dict) -> None:
    """Start-up: ``--version`` and a one-file ``check`` (the pre-commit case), best of 5 (wall and CPU), and what
    each imports."""
    sample = ROOT / "examples"
    one = next(iter(sorted(sample.rglob("*.yaml"))), None)
    for label, argv in (("--version", [PY, "-c", CLI, "--version"]),
                        ("check 1 file", [PY, "-c", CLI, "check", str(one), "--no-cache", "--fail-on", "never",
                                          "--format", "json"])):
        runs = [measure(argv, ROOT, env) for _ in range(5)]  # CPU too: wall time on a shared machine is noisy
        best, best_cpu = min(r["wall"] for r in runs), min(r["cpu"] for r in runs)
        probe = subprocess.run([PY, "-X", "importtime", *argv[1:]], cwd=ROOT, env=env, capture_output=True, text=True,
                               check=False)
        modules = {line.split("|")[-1].strip().split(".")[0] for line in probe.stderr.splitlines()[1:] if "|" in line}
        heavy = sorted(m for m in modules if m in {"openpyxl", "jsonschema", "rich", "pydantic", "yaml", "ruamel",
                                                  "typer", "orjson", "lunar_python", "chinese_calendar"})
        print(f"start-up {label:<13} {best:.2f} s (CPU {best_cpu:.2f} s), {len(modules)} packages   "
              f"imports {', '.join(heavy)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[100, 1000], help="register sizes in accounts")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "govmedia-bench")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--as-of", default="2025-12-31")
    parser.add_argument("--findings", nargs="+", choices=sorted(generate.PROFILES), default=["few", "many"],
                        help="registers: few (~8 findings per account) and many (~30)")
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=FORMATS)
    parser.add_argument("--cold", nargs="+", default=["all"], metavar="FORMAT",
                        help="formats timed cold with an empty cache (default all; the others reuse json's cold cache)")
    parser.add_argument("--pr", nargs="*", choices=FORMATS, metavar="FORMAT",
                        help="only the pull-request cases: another format on a warm cache (json, then table) and one "
                             f"file edited in each FORMAT (default {' '.join(PR_FORMATS)}), medians of --repeat")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each --pr case (the median is shown)")
    parser.add_argument("--all", action="store_true",
                        help="every figure in one run: floor and cold alternately (--repeat times, medians), warm, "
                             "the pull-request cases, the start-up, --import, then each against its target")
    parser.add_argument("--import", dest="import_accounts", type=int, metavar="ACCOUNTS",
                        help="with --all: also time import_bench.py for this many accounts")
    parser.add_argument("--import-keep", type=Path, metavar="DIR", help="import_bench.py's --keep (re-use its exports)")
    parser.add_argument("--serial", action="store_true", help="also time --jobs 1 --no-cache")
    parser.add_argument("--before", action="store_true", help="also time the pre-runner path (all files in memory)")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--startup", action="store_true", help="also time --version and a one-file check")
    parser.add_argument("--scaling", type=int, nargs="*", metavar="POSTS",
                        help="also time one account with this many posts each (e.g. 1000 4000 16000 64000)")
    args = parser.parse_args(argv)
    if "all" not in args.cold and "json" not in args.cold:
        args.cold.append("json")
    if "json" in args.formats:  # json first: its cold cache serves the formats not timed cold
        args.formats = ["json", *[f for f in args.formats if f != "json"]]
    args.data.mkdir(parents=True, exist_ok=True)
    print(machine())
    if args.startup:
        startup({**snapshot(Path(tempfile.mkdtemp(prefix="startup-", dir=args.data))), "COLUMNS": "120"})
    if args.scaling:
        scaling(Path(tempfile.mkdtemp(prefix="scaling-", dir=args.data)), args.scaling)
    if args.all:
        args.pr = args.pr or PR_FORMATS
        rows = [bench_all(size, profile, args) for size in args.sizes for profile in args.findings]
        start = startup_cpu()
        imports = imports_figures(args.import_accounts, args.import_keep) if args.import_accounts else {}
        summary(rows, start, imports)
        print(f"load average at the end {os.getloadavg()[0]:.1f}; outputs identical: {all(r['same'] for r in rows)}")
        return 0 if all(row["same"] for row in rows) else 1
    if args.pr is not None:
        args.pr = args.pr or PR_FORMATS
        rows = [bench_pr(size, profile, args) for size in args.sizes for profile in args.findings]
        return 0 if all(row["same"] for row in rows) else 1
    rows = [bench_register(size, profile, args) for size in args.sizes for profile in args.findings]
    print(f"\n| accounts | findings | floor s | floor/{args.jobs} s | "
          + " | ".join(f"{fmt} cold / warm / 1 edited s" for fmt in args.formats) + " | worst cold/warm | peak MB |")
    print("|---|---|---|---|" + "---|" * len(args.formats) + "---|---|")
    for row in rows:
        runs = row["runs"]
        ratios = [runs[f"cold-{fmt}"]["wall"] / runs[f"warm-{fmt}"]["wall"] for fmt in args.formats]
        print(f"| {row['size']:,} {row['profile']} | {row['findings']:,} | {runs['floor']['wall']:.1f} | "
              f"{runs[f'floor/{args.jobs}']['wall']:.1f} | "
              + " | ".join(f"{runs[f'cold-{fmt}']['wall']:.1f} / {runs[f'warm-{fmt}']['wall']:.2f} / "
                           f"{runs[f'edited-{fmt}']['wall']:.1f}" for fmt in args.formats)
              + f" | {min(ratios):.0f}× | {max(v['peak_mb'] for k, v in runs.items() if k.startswith('cold')):.0f} |")
    return 0 if all(row["same"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
