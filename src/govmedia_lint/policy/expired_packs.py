"""An expired pack is one fact about the run, not a problem of every account.

The engine raises ``GML-PACK-EXPIRED`` on each account checked under an expired pack (each file is
checked, and cached, on its own). ``fold_expired`` keeps one per pack, at the first account, naming
how many accounts it concerns; a pack acknowledged in the configuration
(``[packs.jiaxian] acknowledged = "文号"``) has its finding moved to the waived findings with that
reference, so every format still says the pack is out of date and who decided to keep using it.
"""

from __future__ import annotations

from typing import Any

from ..engine.evaluate import RunResult
from ..engine.findings import Finding
from ..engine.packs import PackSet
from ..run.facts import WaiverFact
from ..settings.config_file import ConfigError
from .waivers import WaivedFinding

CODE = "GML-PACK-EXPIRED"
ACKNOWLEDGED = "规则包已过有效期，经确认继续按其检查"


def acknowledged_packs(acknowledged: dict[str, str], packset: PackSet, config_file: Any) -> dict[str, str]:
    """``[packs.<id>]`` keys resolved to pack ids (a pack's name works too); an unknown pack is a config error."""
    resolved = {}
    for key, ref in acknowledged.items():
        pack = packset.get(key)
        if pack is None:
            raise ConfigError(f"{config_file}: [packs.{key}] 没有这个规则包；可用：{', '.join(packset.packs)}")
        resolved[pack.id] = ref
    return resolved


def fold_expired(result: RunResult, acknowledged: dict[str, str]) -> None:
    """One ``GML-PACK-EXPIRED`` per pack; acknowledged ones go to ``result.waived``."""
    first: dict[str, Finding] = {}
    accounts: dict[str, int] = {}
    kept: list[Finding] = []
    for finding in result.findings:
        if finding.rule != CODE:
            kept.append(finding)
            continue
        pack = str(finding.evidence.get("pack") or finding.message)
        accounts[pack] = accounts.get(pack, 0) + 1
        if pack not in first:
            first[pack] = finding
            kept.append(finding)
    for pack, finding in first.items():
        finding.message += f"（本次检查涉及该规则包的 {accounts[pack]} 个账号，只报告一次）"
        ref = acknowledged.get(pack)
        if ref:
            kept.remove(finding)
            result.waived.append(WaivedFinding(finding, WaiverFact(CODE, finding.line, ACKNOWLEDGED, ref, None)))
    result.findings = kept
