"""Start-up of a one-file check (the pre-commit case) and of ``--version``, in CPU seconds.

    python benchmarks/startup.py            # 20 runs each
    python benchmarks/startup.py -n 50 --file accounts/nantong/南通健康APP.yaml
    python benchmarks/startup.py --against /tmp/before   # before/after: runs alternate with another checkout

Each run is a fresh interpreter (``python -m govmedia_lint``) started as a subprocess; its CPU time is
the user+sys delta of ``resource.getrusage(RUSAGE_CHILDREN)`` around it (wall time on a shared machine
is noisy). Prints best and median per command, with the load average before and after. Bytecode is
written first (``compileall``) and the runs are allowed to use it, as an installed tool's users have
it: this environment may set ``PYTHONDONTWRITEBYTECODE``, and without bytecode every run compiles
~90 modules from source.

``--against DIR``: a checkout of another version (e.g. ``git worktree add /tmp/before HEAD~3``, or
``git archive HEAD src rules | tar -x -C /tmp/before``); its ``src`` goes first on ``PYTHONPATH`` and its
runs alternate with this checkout's, so a machine getting busier meanwhile slows both alike.

``--instructions``: also count the instructions of one run of the check per version, under valgrind's
callgrind (~10 s a run). The count moves by ~0.1% from run to run whatever else the machine does, so a
change of 1 ms (~0.5%) shows, where CPU seconds on a shared machine move by 5–10%.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT / "accounts" / "nantong" / "南通健康APP.yaml"


def cpu_of(argv: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user+sys) of one run of ``argv`` as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions_of(argv: list[str], env: dict[str, str]) -> int | None:
    """Instructions of one run of ``argv`` under callgrind (None: valgrind not installed)."""
    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv], cwd=ROOT,
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found[1]) if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=20, help="runs of each command (default 20)")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the account file checked")
    parser.add_argument("--against", type=Path, metavar="DIR", help="also time the checkout in DIR, alternately")
    parser.add_argument("--instructions", action="store_true",
                        help="also count a check's instructions under valgrind (one run per version)")
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["COLUMNS"] = "120"
    trees = {"this": env}
    if args.against:
        trees = {"against": {**env, "PYTHONPATH": str(args.against.resolve() / "src")}, "this": env}
    for tree in [ROOT, *([args.against] if args.against else [])]:
        compileall.compile_dir(tree / "src", quiet=1)
    commands = {
        "--version": [sys.executable, "-m", "govmedia_lint", "--version"],
        "check 1 file": [sys.executable, "-m", "govmedia_lint", "check", str(args.file), "--no-cache"],
    }
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}, {args.runs} runs each")
    for label, command in commands.items():
        runs: dict[str, list[float]] = {tree: [] for tree in trees}
        for tree_env in trees.values():
            cpu_of(command, tree_env)  # warm the file system cache
        for _ in range(args.runs):
            for tree, tree_env in trees.items():
                runs[tree].append(cpu_of(command, tree_env))
        for tree, times in runs.items():
            name = label if len(trees) == 1 else f"{label} ({tree})"
            print(f"{name:<24} CPU best {min(times):.3f} s, median {statistics.median(times):.3f} s")
    if args.instructions:
        for tree, tree_env in trees.items():
            count = instructions_of(commands["check 1 file"], tree_env)
            name = "check 1 file" if len(trees) == 1 else f"check 1 file ({tree})"
            print(f"{name:<24} " + (f"{count / 1e6:,.0f} M instructions" if count else "valgrind not found"))
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
