"""JUnit XML for GitLab (and any CI that reads test reports).

One ``testsuite`` per account file; one ``testcase`` per rule evaluated on it.
A rule without findings is one passing test named by its code; a rule with
findings has one test per finding, named ``CODE @ 第N行`` (GitLab keeps only
the first of duplicate names, so names are made unique). Findings at or above
the fail level are ``failure``s carrying the message; lower ones pass with the
message in ``system-out``; waived findings are ``skipped`` with the approval
document.
"""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from ..engine.findings import SEVERITY_LABEL, Finding, severity_rank
from . import Report
from .rules import clause
from .sanitize import visible

LABEL = SEVERITY_LABEL


def _is_failure(finding: Finding, fail_on: str) -> bool:
    return not finding.baselined and fail_on != "never" and severity_rank(finding.severity) >= severity_rank(fail_on)


def _text(finding: Finding) -> str:
    where = f"{finding.file}:{finding.line}"
    source = clause(finding.source)
    text = f"{where} [{LABEL[finding.severity]}] {finding.rule} {finding.full_message}"
    return text + (f"\n依据：{source}" if source else "")


def render(report: Report) -> str:
    result = report.result
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_file[finding.file].append(finding)
    waived_by_file = defaultdict(list)
    for waived in result.waived:
        waived_by_file[waived.finding.file].append(waived)
    files = sorted(set(result.evaluated) | set(by_file) | set(waived_by_file))

    root = ET.Element("testsuites", name="govmedia-lint")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for file in files:
        facts = report.facts.get(file)
        account = facts.account if facts else next((f.account for f in by_file[file] if f.account), None)
        classname = f"{account}（{file}）" if account else file
        suite = ET.SubElement(root, "testsuite", name=classname, file=file)
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        names: set[str] = set()

        def case(name: str) -> ET.Element:
            unique, n = name, 2
            while unique in names:
                unique, n = f"{name} #{n}", n + 1
            names.add(unique)
            counts["tests"] += 1
            return ET.SubElement(suite, "testcase", classname=classname, name=unique, file=file)

        findings_by_rule: dict[str, list[Finding]] = defaultdict(list)
        for finding in by_file[file]:
            findings_by_rule[finding.rule].append(finding)
        waived_by_rule = defaultdict(list)
        for waived in waived_by_file[file]:
            waived_by_rule[waived.finding.rule].append(waived)
        codes = list(dict.fromkeys([*result.evaluated.get(file, []), *findings_by_rule, *waived_by_rule]))
        for code in codes:
            if not findings_by_rule[code] and not waived_by_rule[code]:
                case(code)
                continue
            for finding in findings_by_rule[code]:
                element = case(f"{code} @ 第{finding.line}行")
                if _is_failure(finding, report.fail_on):
                    counts["failures"] += 1
                    failure = ET.SubElement(element, "failure", message=finding.full_message, type=finding.severity)
                    failure.text = _text(finding)
                else:
                    ET.SubElement(element, "system-out").text = _text(finding)
            for waived in waived_by_rule[code]:
                element = case(f"{code} @ 第{waived.finding.line}行（已豁免）")
                counts["skipped"] += 1
                w = waived.waiver
                ET.SubElement(element, "skipped", message=(
                    f"已豁免：{w.approval_ref or '无批准文号'}，{w.reason or ''}"
                    + (f"，有效期至 {w.expires_on}" if w.expires_on else "")))
                ET.SubElement(element, "system-out").text = _text(waived.finding)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    for element in root.iter():  # data never carries a character XML 1.0 forbids (GitLab rejects the file)
        if element.text:
            element.text = visible(element.text, keep_newlines=True)
        for name, value in element.attrib.items():
            element.set(name, visible(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
