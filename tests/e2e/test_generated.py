"""Generated files are what the code generates (``python -m govmedia_lint.dev generate``)."""

from __future__ import annotations

import pytest

from govmedia_lint.dev.generate import OUTPUT_BLOCK, ROOT, TARGETS, main, stale

DOCS = ["docs/rules.md", "docs/account-format.md", "docs/configuration.md", "docs/check-kinds.md", "README.md",
        "docs/report-nantong-2026Q3.html"]


@pytest.mark.parametrize("path", DOCS)
def test_the_generated_document_is_current(path):
    assert stale([path]) == [], f"{path} is stale: run python -m govmedia_lint.dev generate"


def test_the_golden_outputs_and_the_readme_blocks_are_generated_files():
    assert {f"tests/data/golden/sample.{fmt}" for fmt in ("table", "json", "xlsx", "html")} <= set(TARGETS)
    blocks = [m["args"] for m in OUTPUT_BLOCK.finditer((ROOT / "README.md").read_text(encoding="utf-8"))]
    assert any(args.startswith("due ") for args in blocks) and any(args.startswith("report ") for args in blocks)


def test_check_mode_names_a_stale_file_and_writes_nothing(tmp_path, monkeypatch, capsys):
    target = ROOT / "docs" / "configuration.md"
    before = target.read_bytes()
    monkeypatch.setitem(TARGETS, "docs/configuration.md", lambda: before + b"changed\n")
    assert main(["generate", "--check", "docs/configuration.md"]) == 1
    assert "docs/configuration.md" in capsys.readouterr().out
    assert target.read_bytes() == before
