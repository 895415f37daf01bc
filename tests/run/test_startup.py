"""Start-up: a one-file check, the pre-commit case, imports only what its format needs."""

from __future__ import annotations

import gc
import re
import subprocess
import sys
from pathlib import Path

import pytest

from govmedia_lint import entry
from govmedia_lint.cli import app as cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "nantong" / "idle-two-weeks-veto.yaml"
#: what a check in these formats never needs: spreadsheets, JSON Schema, rich's console and tables (the table
#: format paints its own lines; rich renders only the score sheet, with --score), the readers of `import`,
#: ruamel.yaml (the reference parser and `import`'s round trip), a worker pool for one file; the other commands
#: (only the command being run is imported and built: cli/app.py); the check kinds no rule of the file's packs
#: (nantong, national) names (a kind's module is imported when a rule names it: engine/kinds.py); the installed
#: distributions' metadata (pydantic's plugin lookup, plugins switched off: entry.py)
NOT_NEEDED = ["openpyxl", "jsonschema", "rich.console", "rich.table", "rich.panel", "html.parser",
              "govmedia_lint.importing.sources", "govmedia_lint.importing.merge", "govmedia_lint.importing.presets",
              "ruamel", "multiprocessing",
              "govmedia_lint.importing.command", "govmedia_lint.newaccount", "govmedia_lint.fielddoc",
              "govmedia_lint.commands.due", "govmedia_lint.commands.reconcile", "govmedia_lint.commands.report",
              "govmedia_lint.commands.text", "govmedia_lint.render.due", "govmedia_lint.render.reference",
              "govmedia_lint.checks.filing_events", "govmedia_lint.checks.menus", "govmedia_lint.checks.periods",
              "importlib.metadata", "pkgutil"]


#: runs the CLI as ``python -m govmedia_lint`` does, and names every module imported by then when it exits
#: (``sys.modules``: also those imported with ``importlib.import_module``, which ``-X importtime`` does not show)
RUN_AND_LIST = """import atexit, sys
atexit.register(lambda: sys.stderr.write("".join(f"imported: {name}\\n" for name in sys.modules)))
sys.argv[0] = "govmedia-lint"
from govmedia_lint.entry import main
main()
"""


def imported_by(*args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run the CLI; the modules it imported."""
    done = subprocess.run([sys.executable, "-c", RUN_AND_LIST, *args], capture_output=True, text=True, timeout=120)
    modules = {line.split(": ", 1)[1] for line in done.stderr.splitlines() if line.startswith("imported: ")}
    return done, modules


@pytest.mark.parametrize("fmt", ["json", "table", "sarif"])
def test_a_check_of_one_file_imports_no_spreadsheet_schema_or_rich_rendering(fmt):
    done, modules = imported_by("check", str(EXAMPLE), "--format", fmt, "--no-cache", "--as-of", "2025-07-01",
                                "--color", "always")
    assert done.returncode == 1, done.stderr  # the example's finding
    assert "NAT-NO-UPDATE-2-WEEKS" in done.stdout
    assert "govmedia_lint.checks" in modules  # the list is real
    assert sorted(m for m in modules if m in NOT_NEEDED or m.split(".")[0] in NOT_NEEDED) == []


#: runs the CLI and names, when it exits, those of these models it has not built
UNBUILT = """import atexit, sys
def unbuilt():
    from govmedia_lint.checks.staff import SeparationParams
    from govmedia_lint.model import SupervisionFile
    names = [model.__name__ for model in (SupervisionFile, SeparationParams) if not model.__pydantic_complete__]
    sys.stderr.write(f"unbuilt: {' '.join(names)}\\n")
atexit.register(unbuilt)
sys.argv[0] = "govmedia-lint"
from govmedia_lint.entry import main
main()
"""


def test_a_check_of_one_file_builds_no_model_it_validates_nothing_with():
    """The models of supervision.yaml, and the parameters of a kind no rule of the file's packs names (staff.py's
    separation of duties, in a module the packs use), are built when first used (``defer_build``), not on import."""
    done = subprocess.run([sys.executable, "-c", UNBUILT, "check", str(EXAMPLE), "--no-cache", "--as-of", "2025-07-01"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[-1] == "unbuilt: SupervisionFile SeparationParams"


def test_the_account_schema_s_annotations_are_evaluated_when_its_classes_are_defined():
    from govmedia_lint import model

    assert [name for name, value in vars(model.Account).get("__annotations__", {}).items() if isinstance(value, str)] == []


def test_version_imports_neither_the_cli_nor_pydantic():
    done, modules = imported_by("--version")
    assert done.stdout.startswith("govmedia-lint ")
    assert not {"pydantic", "typer", "govmedia_lint.cli.app"} & modules


def test_pydantic_takes_only_the_lookup_the_replaced_plugin_module_has_and_finds_no_plugin_without_it(monkeypatch):
    """entry.py replaces pydantic's plugin lookup module when plugins are switched off: pydantic must take nothing else
    from it, and its own lookup must find no plugin either (a pydantic upgrade that changes this fails here)."""
    import importlib.machinery
    import importlib.util

    import pydantic
    import pydantic.plugin

    # pydantic's own module, even where a test before this one ran entry.main and put the replacement in place
    spec = importlib.machinery.PathFinder.find_spec(entry.PLUGIN_LOADER, pydantic.plugin.__path__)
    _loader = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(_loader)
    taken = set()
    for path in Path(pydantic.__file__).parent.rglob("*.py"):
        for names in re.findall(r"from (?:\.|pydantic\.plugin\.)_loader import \(?([\w, ]+)", path.read_text("utf-8")):
            taken.update(name.strip() for name in names.split(",") if name.strip())
    assert taken == {"get_plugins"}
    assert entry.PLUGIN_LOADER == _loader.__name__
    for value in entry.NO_PLUGINS:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", value)
        assert tuple(_loader.get_plugins()) == ()


def test_with_plugins_switched_on_pydantic_looks_them_up_itself():
    code = ("import os, sys\nos.environ['PYDANTIC_DISABLE_PLUGINS'] = 'some-plugin'\n"
            "from govmedia_lint import entry\nentry._no_plugin_lookup()\n"
            "print(entry.PLUGIN_LOADER in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False"


def test_the_collector_is_back_on_and_the_imported_objects_frozen_when_the_command_runs(monkeypatch):
    seen = {}

    def app() -> None:
        seen.update(enabled=gc.isenabled(), frozen=gc.get_freeze_count())

    monkeypatch.setattr(cli, "app_for", lambda args: app)
    monkeypatch.setattr(sys, "argv", ["govmedia-lint", "check"])
    try:
        entry.main()
    finally:
        gc.unfreeze()
    assert seen["enabled"] and seen["frozen"] > 0


@pytest.fixture(autouse=True)
def _collector_on():
    yield
    gc.enable()


def test_a_run_builds_only_the_command_it_runs_and_help_builds_them_all(monkeypatch):
    import typer.main

    def names(app) -> set[str]:
        return set(typer.main.get_command(app).commands)

    every = names(cli.full_app())
    assert every == set(cli.COMMANDS) and cli.app is cli.full_app()
    assert names(cli.app_for(["check", "a.yaml", "--no-cache"])) == {"check"}
    assert names(cli.app_for(["rules"])) == {"explain", "rules", "packs", "schema"}  # one module, four commands
    for args in ([], ["--help"], ["-V"], ["chek"]):  # help, version, suggestions for a misspelt command
        assert names(cli.app_for(args)) == every
    monkeypatch.setenv("_GOVMEDIA_LINT_COMPLETE", "bash_complete")  # shell completion offers every command
    assert names(cli.app_for(["check"])) == every
