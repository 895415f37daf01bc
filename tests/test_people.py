"""Issue 11 §3: findings a person can act on — grouped weekly rows, one expired-pack notice per run,
Chinese messages, a ranking for every jurisdiction, reports for a 通报."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from govmedia_lint.cli import app
from govmedia_lint.conditions import describe

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_AS_OF = "2026-11-26"
runner = CliRunner()


def invoke(*args: str, cwd: Path = ROOT, monkeypatch=None):
    if monkeypatch is not None:
        monkeypatch.chdir(cwd)
    return runner.invoke(app, list(args))


# ── every jurisdiction gets a ranking ───────────────────────────────────────────

def test_score_ranks_jiaxian_on_the_national_index(monkeypatch):
    result = invoke("score", "accounts/jiaxian", "--as-of", SAMPLE_AS_OF, "-f", "json", monkeypatch=monkeypatch)
    scores = [s for s in json.loads(result.output)["scores"] if s["level"] == "account"]
    assert len(scores) >= 8 and all(s["pack"] == "jiaxian" for s in scores)
    assert all("国办秘函〔2019〕19号" in s["document"] for s in scores)
    assert [s["rank"] for s in scores] == sorted(s["rank"] for s in scores)
    assert any(s["vetoed"] for s in scores) and any(s["passed"] for s in scores)


def test_score_table_names_platforms_in_chinese(monkeypatch):
    result = invoke("score", "accounts/jiaxian", "--as-of", SAMPLE_AS_OF, monkeypatch=monkeypatch)
    assert "微信" in result.output and "wechat" not in result.output


# ── messages speak Chinese ──────────────────────────────────────────────────────

def test_conditions_are_described_with_labels_not_field_names():
    assert describe({"host_unit_kind": {"in": ["internal_office", "individual"]}}) == "主办单位类型为内设机构或个人"
    assert describe({"verification_names_host": True}) == "“公开认证信息标明主办单位名称”为“是”"
    assert describe({"staff.leader": {"exists": True}}) == "已填写主管领导"
    assert describe({"purpose": "special_event"}) == "开设用途为重大活动或专项工作"


def test_rule_reference_keeps_field_names():
    named = describe({"host_unit_kind": {"in": ["internal_office"]}}, names=True)
    assert named == "host_unit_kind 为 internal_office 之一"


def test_sample_register_messages_name_no_fields(monkeypatch):
    result = invoke("check", "accounts", "-f", "json", "--no-cache", monkeypatch=monkeypatch)
    messages = [f["message"] for f in json.loads(result.output)["findings"] if "missing" not in f["evidence"]]
    for word in ("host_unit_kind", "verification_names_host", "close 备案", "change 备案", "为 true", "wechat"):
        assert not [m for m in messages if word in m], word
