"""Packs are read when used: ``check`` validates the packs its accounts use (and their ``extends`` chain),
``packs``/``explain``/``rules`` and the tests validate every pack; both give the same packs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.engine import packs as packs_module
from govmedia_lint.engine.packs import PackHeader, PackSet, builtin_pack_dir, read_header
from govmedia_lint.loading import read_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "nantong" / "idle-two-weeks-veto.yaml"
AS_OF = ["--as-of", "2025-07-01"]
HEADER = "id: t\nname: 测试\nnames: [测试县]\ndocument: d\nissued: 2020-01-01\nin_force_from: 2020-01-01\n"
RULES = "rules: []\n"


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def fresh(monkeypatch):
    """No PackSet shared with other tests: each load here reads the files again."""
    monkeypatch.setattr(packs_module, "_LOADED", {})


@pytest.mark.parametrize("path", sorted(builtin_pack_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_the_header_of_every_shipped_pack_is_what_the_whole_file_says(path):
    text = read_text(path)
    assert read_header(text) == PackHeader.of(packs_module._parse_pack_meta(path, text))


@pytest.mark.parametrize("text", [
    HEADER,  # no rules line
    HEADER + RULES + "id: t2\n",  # a header key again after the rules
    HEADER + RULES + "extends: national\n",
    HEADER + RULES + "---\nid: t2\n",  # a second document
    HEADER + RULES + "...\n",
    HEADER.replace("name: 测试", 'name: "测试\nrules: x"') + RULES,  # a quoted value running past a rules line
    HEADER.replace("names: [测试县]", "names: [测试县,\nrules: x]") + RULES,
    HEADER.replace("id: t", "id: 123") + RULES,  # not text: what PackMeta makes of it is found by parsing it all
    HEADER.replace("names: [测试县]", "names: 测试县") + RULES,
    HEADER + "extends: 7\n" + RULES,
    "- id: t\n" + RULES,  # not a mapping
])
def test_a_header_it_cannot_be_sure_of_is_read_with_the_whole_file(text):
    assert read_header(text) is None


def test_a_header_is_read_before_the_rules_whatever_follows_them():
    text = HEADER + "extends: national\n" + RULES.replace("[]", "") + "- code: X\n  name: x\n# id: commented\nscore: {}\n"
    assert read_header(text) == PackHeader("t", "测试", ("测试县",), "national")


def test_a_used_pack_reads_only_its_extends_chain_and_gives_what_loading_every_pack_gives(fresh):
    lazy = PackSet.load(everything=False)
    pack = lazy.for_jurisdiction("南通市")
    assert pack.id == "nantong" and set(lazy._resolved) == {"national", "nantong"}
    files = lazy.files
    assert not lazy._all
    packs_module._LOADED.clear()
    eager = PackSet.load()
    assert files == eager.files == [p.file for p in eager.packs.values()]  # the cache key's order
    assert list(lazy.packs) == list(eager.packs)  # iterating reads every pack, in the same order
    for pack_id, pack in eager.packs.items():
        other = lazy.packs[pack_id]
        assert (other.own, other.inherited, other.overrides) == (pack.own, pack.inherited, pack.overrides)
        assert {c: r.model_dump() for c, r in other.rules.items()} == {c: r.model_dump() for c, r in pack.rules.items()}


def _pack_dir(tmp_path: Path, broken: str) -> Path:
    """The shipped packs plus a copy of 濉溪's under another id and name, with one rule broken."""
    folder = tmp_path / "packs"
    folder.mkdir()
    text = read_text(builtin_pack_dir() / "suixi.yaml")
    text = text.replace("id: suixi", "id: other", 1).replace("name: 濉溪", f"name: {broken}", 1)
    text = text.replace("names: [濉溪县, 濉溪县人民政府, 安徽省濉溪县]", f"names: [{broken}县]", 1)
    text = text.replace("SX-", "OT-").replace("kind: record_required", "kind: no_such_kind", 1)
    (folder / "other.yaml").write_text(text, encoding="utf-8")
    return folder


def test_check_does_not_report_a_broken_pack_no_account_uses_and_packs_does(tmp_path, fresh):
    folder = _pack_dir(tmp_path, "某县")
    done = invoke("check", EXAMPLE, *AS_OF, "--pack-dir", folder, "--no-cache")
    assert done.exit_code == 1 and "NAT-NO-UPDATE-2-WEEKS" in done.stdout  # the example's finding
    packs_module._LOADED.clear()
    listed = invoke("packs", "--pack-dir", folder)
    assert listed.exit_code == 2 and "no_such_kind" in listed.stderr


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_broken_pack_an_account_uses_is_a_usage_error_of_check(tmp_path, fresh, cache):
    folder = _pack_dir(tmp_path, "某县")
    account = tmp_path / "a.yaml"
    account.write_text(read_text(EXAMPLE).replace("jurisdiction: nantong", "jurisdiction: 某县"), encoding="utf-8")
    done = invoke("check", account, *AS_OF, "--pack-dir", folder, *cache)
    assert done.exit_code == 2
    assert "规则 OT-" in done.stderr and "no_such_kind" in done.stderr and "Traceback" not in done.stderr


def test_check_with_pack_names_a_broken_pack_as_a_usage_error(tmp_path, fresh):
    folder = _pack_dir(tmp_path, "某县")
    done = invoke("check", EXAMPLE, *AS_OF, "--pack-dir", folder, "--pack", "other", "--no-cache")
    assert done.exit_code == 2 and "no_such_kind" in done.stderr


def test_an_unreadable_pack_no_account_uses_is_still_an_error_of_check(tmp_path, fresh):
    folder = tmp_path / "packs"
    folder.mkdir()
    shutil.copy(builtin_pack_dir() / "suixi.yaml", folder / "dup.yaml")  # the same id twice
    done = invoke("check", EXAMPLE, *AS_OF, "--pack-dir", folder, "--no-cache")
    assert done.exit_code == 2 and "重复" in done.stderr
