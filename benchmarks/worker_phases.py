"""Where a worker's time goes, file by file, against the parse floor (the breakdown a performance review asked for).

    python benchmarks/worker_phases.py /tmp/govmedia-bench/many-1000 60

For the first N files of a register (sorted), in one process with the collector off as in a
worker: the floor (PyYAML ``CSafeLoader`` load), then each phase of ``runner.check_one``'s path
on its own: compose (libyaml + our YAML 1.2 resolver), plain data and positions, schema
validation, line assignment, rules, report facts, the findings' fingerprints, the rest of making the outcome,
encoding its cache entry and the pickle the parent receives. Seconds of
CPU (``process_time``: less sensitive than wall time to other work on the machine), and the sum
of the phases over the floor: two workers can reach at best half of that ratio, the figure
``bench.py`` reports as cold/floor.
"""

from __future__ import annotations

import gc
import pickle
import sys
import time
from datetime import date
from pathlib import Path

import yaml

from govmedia_lint import checks  # noqa: F401  (registers the check kinds)
from govmedia_lint.engine.evaluate import RunOptions, default_period, evaluate_files
from govmedia_lint.engine.packs import PackSet
from govmedia_lint.loading import _FAST_LOADER, AccountFile, LoadResult, assign_lines, decode_text, parse_yaml_text
from govmedia_lint.run.facts import collect
from govmedia_lint.run import datacodec
from govmedia_lint.run.identity import fingerprint
from govmedia_lint.run.runner import _State, check_one
from govmedia_lint.workdays import WorkCalendar


def main(folder: Path, count: int, as_of: date = date(2025, 12, 31)) -> dict[str, float]:
    packset = PackSet.load()
    since, until = default_period(as_of)
    options = RunOptions(as_of, since, until, WorkCalendar())
    state = _State(packset, options, {})
    spent = dict.fromkeys(("floor", "compose", "data", "validate", "lines", "rules", "facts", "fingerprints",
                           "outcome", "entry", "pickle"), 0.0)
    clock = time.process_time

    def timed(phase: str, work):
        start = clock()
        value = work()
        spent[phase] += clock() - start
        return value

    gc.disable()
    for path in sorted(folder.rglob("*.yaml"))[:count]:
        text = decode_text(path.read_bytes())
        timed("floor", lambda: yaml.load(text, Loader=yaml.CSafeLoader))
        timed("compose", lambda: yaml.compose(text, Loader=_FAST_LOADER))
        parsed = timed("data", lambda: parse_yaml_text(text))  # compose again + plain data: compose subtracted below
        document = timed("validate", lambda: AccountFile.model_validate(parsed.data))
        timed("lines", lambda: assign_lines(document, (), parsed.positions))
        loaded = LoadResult(path=str(path), document=document)
        timed("rules", lambda: evaluate_files([loaded], packset, options))
        timed("facts", lambda: collect(str(path), document))
        # the file's outcome as a worker makes it (its rules, facts and fingerprints again: subtracted below)
        outcome = timed("outcome", lambda: check_one(loaded, state))
        timed("fingerprints", lambda: [fingerprint(f, outcome.facts, as_of) for f in outcome.findings])
        timed("entry", lambda: datacodec.dumps(datacodec.encode(outcome)))
        timed("pickle", lambda: pickle.dumps(outcome))
    spent["data"] -= spent["compose"]
    spent["outcome"] -= spent["rules"] + spent["facts"] + spent["fingerprints"]
    return spent


if __name__ == "__main__":
    result = main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 60)
    total = sum(v for k, v in result.items() if k != "floor")
    print("  ".join(f"{k} {v:.2f}" for k, v in result.items()), f"  sum {total:.2f}  sum/floor {total / result['floor']:.2f}")
