"""The order findings are reported in: file, line, rule, message."""

from govmedia_lint.engine.findings import SORT_KEY, Finding


def _finding(file: str, line: int, rule: str, message: str) -> Finding:
    return Finding(rule, "name", "jiaxian", "warning", file, line, "佳县发布", message)


def test_the_order_key_is_the_findings_sort_key():
    findings = [_finding("b.yaml", 3, "JX-B", "乙"), _finding("a.yaml", 10, "JX-A", "甲"),
                _finding("a.yaml", 2, "JX-B", "甲"), _finding("a.yaml", 2, "JX-A", "乙"),
                _finding("a.yaml", 2, "JX-A", "甲")]
    for finding in findings:
        assert SORT_KEY(finding) == finding.sort_key()
    assert sorted(findings, key=SORT_KEY) == sorted(findings, key=Finding.sort_key)
