"""JUnit as GitLab's test report and Jenkins' xunit plugin read it.

GitLab shows the text of ``failure``, ``error`` and ``skipped`` and nothing of a passing test (its ``system-out`` is
dropped): a finding below ``--fail-on`` is a skipped test with its message, so it is seen without failing the job.
Jenkins' xunit ``junit-10.xsd`` fixes which elements and attributes may appear; the checks below are that schema's
structure (the XSD itself is not shipped here). GitLab refuses a report file over 30 MB.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from govmedia_lint.render import junit, render
from test_formats import report  # noqa: F401  (the fixture: a warning, an info, a waiver, a bad file)
from test_sarif_limits import _report

#: junit-10.xsd of the Jenkins xunit plugin: attributes each element may carry and the children it may hold
ATTRIBUTES = {
    "testsuites": {"name", "time", "tests", "failures", "disabled", "errors"},
    "testsuite": {"name", "tests", "failures", "errors", "time", "disabled", "skipped", "skips", "timestamp",
                  "hostname", "id", "package", "assertions", "file", "skip", "log", "url"},
    "testcase": {"name", "assertions", "time", "timestamp", "classname", "status", "class", "file", "line", "log",
                 "group", "url"},
    "failure": {"type", "message"}, "error": {"type", "message"}, "skipped": {"type", "message"},
    "system-out": set(), "system-err": set(), "properties": set(), "property": {"name", "value"},
}
REQUIRED = {"testsuite": {"tests"}, "testcase": {"name"}, "property": {"name", "value"}}
CHILDREN = {
    "testsuites": {"testsuite"},
    "testsuite": {"testsuite", "properties", "testcase", "system-out", "system-err"},
    "testcase": {"skipped", "error", "failure", "rerunFailure", "rerunError", "system-out", "system-err"},
    "properties": {"property"},
}


def assert_xunit_valid(root: ET.Element) -> None:
    assert root.tag == "testsuites"
    for element in root.iter():
        assert element.tag in ATTRIBUTES, element.tag
        assert set(element.attrib) <= ATTRIBUTES[element.tag], (element.tag, set(element.attrib))
        assert REQUIRED.get(element.tag, set()) <= set(element.attrib), element.tag
        assert {child.tag for child in element} <= CHILDREN.get(element.tag, set()), element.tag
        if element.tag in ("testsuites", "testsuite", "testcase", "properties", "property"):
            assert not (element.text or "").strip(), f"{element.tag} holds no text"


def gitlab_view(root: ET.Element) -> list[tuple[str, str, str]]:
    """(name, status, details) of every test case, as GitLab's JUnit parser reads them."""
    out = []
    for case in root.iter("testcase"):
        for tag, status in (("failure", "failed"), ("error", "error"), ("skipped", "skipped")):
            found = case.find(tag)
            if found is not None:
                out.append((case.get("name"), status, found.text or found.get("message") or ""))
                break
        else:
            out.append((case.get("name"), "success", ""))  # system-out of a passing test is not shown
    return out


def test_every_finding_is_visible_in_gitlab_and_only_failing_ones_fail(report):  # noqa: F811
    root = ET.fromstring(render(report, "junit").encode("utf-8"))
    view = gitlab_view(root)
    shown = "\n".join(details for _, _, details in view)
    for finding in report.result.findings:
        assert f"{finding.file}:{finding.line}" in shown, finding.rule
    statuses = {name.split(" ")[0]: status for name, status, _ in view if "@" in name}
    assert statuses["JX-LEADER-ASSIGNED"] == "skipped" and statuses["JX-NAME-CONSISTENT"] == "skipped"
    assert statuses["JX-UPDATE-WEEKLY"] == "failed" and statuses["GML-INPUT"] == "failed"
    leader = next(c for c in root.iter("testcase") if c.get("name").startswith("JX-LEADER-ASSIGNED"))
    assert leader.find("skipped").get("message").startswith("[警告，未达到失败级别]")


def test_junit_is_valid_against_the_xunit_schema_structure(report):  # noqa: F811
    for fail_on in ("error", "warning", "never"):
        report.fail_on = fail_on
        assert_xunit_valid(ET.fromstring(render(report, "junit").encode("utf-8")))


def test_the_clause_is_quoted_once_per_rule_and_file(report):  # noqa: F811
    root = ET.fromstring(render(report, "junit").encode("utf-8"))
    weekly = [c.find("failure").text for c in root.iter("testcase") if c.get("name").startswith("JX-UPDATE-WEEKLY @")]
    assert len(weekly) == 2 and "“每周更新不少于1次”" in weekly[0]
    assert weekly[1].endswith("依据：《佳县政务新媒体管理办法》 佳政办发〔2023〕20号 第十条")


def test_a_report_over_gitlabs_limit_groups_findings_by_file_and_rule(monkeypatch):
    from govmedia_lint.engine.evaluate import RunResult
    from test_formats import _finding

    files = [f"accounts/jiaxian/账号{n}.yaml" for n in range(150)]
    rules = [f"JX-RULE-{n:02d}" for n in range(40)]
    findings = [_finding("JX-RULE-00", file, 30 + week, f"2025-W{week:02d} 只更新 1 次", severity="warning")
                for file in files for week in range(1, 53)]
    findings += [_finding("JX-RULE-01", file, 12, "超期 3 个工作日") for file in files[::3]]
    made = _report(findings)
    made.result = RunResult(findings, len(files), len(files), {file: rules for file in files}, True)
    whole = render(made, "junit")
    monkeypatch.setattr(junit, "MAX_BYTES", len(whole.encode("utf-8")) // 3)
    text = render(made, "junit")
    assert len(text.encode("utf-8")) <= junit.MAX_BYTES, (len(text.encode("utf-8")), len(whole.encode("utf-8")))
    root = ET.fromstring(text.encode("utf-8"))
    assert_xunit_valid(root)
    view = gitlab_view(root)
    assert sum(status == "failed" for _, status, _ in view) == 50  # one failing test per file with an error
    assert sum(status == "skipped" for _, status, _ in view) == 150  # the weekly warnings, one test per file
    details = "\n".join(d for _, _, d in view)
    assert details.count("只更新 1 次") == 150 * junit.GROUP_LINES if junit.GROUP_LINES < 52 else 150 * 52


@pytest.mark.parametrize("fail_on", ["error", "never"])
def test_counts_add_up(report, fail_on):  # noqa: F811
    report.fail_on = fail_on
    root = ET.fromstring(render(report, "junit").encode("utf-8"))
    cases = list(root.iter("testcase"))
    assert root.get("tests") == str(len(cases))
    assert root.get("failures") == str(sum(c.find("failure") is not None for c in cases))
    for suite in root.iter("testsuite"):
        own = list(suite.iter("testcase"))
        assert suite.get("skipped") == str(sum(c.find("skipped") is not None for c in own))
