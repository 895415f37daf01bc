"""JUnit XML for GitLab (and any CI that reads test reports).

One ``testsuite`` per account file; one ``testcase`` per rule evaluated on it.
A rule without findings is one passing test named by its code; a rule with
findings has one test per finding, named ``CODE @ 第N行`` (GitLab keeps only
the first of duplicate names, so names are made unique). Findings at or above
the fail level are ``failure``s carrying the message; lower ones are
``skipped`` with the message as the element's text (GitLab shows the text of
``failure``, ``error`` and ``skipped`` and drops ``system-out`` of a passing
test; a skipped test does not fail the job); waived findings are ``skipped``
with the approval document.

The structure is valid against Jenkins' xunit JUnit schema (``junit-10.xsd``:
no ``skipped`` count on ``testsuites``, which that schema does not allow) and
stays under GitLab's 30 MB per report file: the quoted clause is written in
full on a rule's first finding of each file and by its reference after that,
and a register whose report would still be larger gets one test per file and
rule listing its findings (at most ``GROUP_LINES`` of them) and one passing
test per file for the rules without findings.
"""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from ..engine.findings import SEVERITY_LABEL, Finding, severity_rank
from . import Report
from .rules import clause
from .sanitize import visible

LABEL = SEVERITY_LABEL
#: GitLab's limit on one JUnit report file, with room to spare
MAX_BYTES = 29 * 1000 * 1000
#: findings listed in one test when a large register's report groups them by file and rule
GROUP_LINES = 100


def _is_failure(finding: Finding, fail_on: str) -> bool:
    return not finding.baselined and fail_on != "never" and severity_rank(finding.severity) >= severity_rank(fail_on)


def _line(finding: Finding) -> str:
    return f"{finding.file}:{finding.line} [{LABEL[finding.severity]}] {finding.rule} {finding.full_message}"


def _text(finding: Finding, quoted: bool = True) -> str:
    """Where, level, rule and message, and the rule's source: in full (``quoted``) or by its reference."""
    source = clause(finding.source if quoted or not finding.source else {**finding.source, "quote": None})
    return _line(finding) + (f"\n依据：{source}" if source else "")


def _below(finding: Finding) -> str:
    why = "已知未整改（基线记录）" if finding.baselined else "未达到失败级别"
    return f"[{LABEL[finding.severity]}，{why}] {finding.full_message}"


def render(report: Report) -> str:
    text = _render(report, grouped=False)
    if len(text.encode("utf-8")) > MAX_BYTES:
        text = _render(report, grouped=True)
    return text


def _render(report: Report, grouped: bool) -> str:
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
        passing = [code for code in codes if not findings_by_rule[code] and not waived_by_rule[code]]
        if grouped and passing:  # a large register: the rules without findings are one passing test per file
            ET.SubElement(case(f"其他规则（{len(passing)} 条）均通过"), "system-out").text = "、".join(passing)
        for code in codes:
            if not findings_by_rule[code] and not waived_by_rule[code]:
                if not grouped:
                    case(code)
                continue
            if grouped:
                _grouped_cases(case, code, findings_by_rule[code], report.fail_on, counts)
            for position, finding in enumerate([] if grouped else findings_by_rule[code]):
                element = case(f"{code} @ 第{finding.line}行")
                text = _text(finding, quoted=position == 0)
                if _is_failure(finding, report.fail_on):
                    counts["failures"] += 1
                    failure = ET.SubElement(element, "failure", message=finding.full_message, type=finding.severity)
                    failure.text = text
                else:
                    counts["skipped"] += 1
                    ET.SubElement(element, "skipped", message=_below(finding), type=finding.severity).text = text
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
    for key in ("tests", "failures"):  # Jenkins' xunit schema allows no skipped count here
        root.set(key, str(totals[key]))
    root.set("errors", "0")
    for element in root.iter():  # data never carries a character XML 1.0 forbids (GitLab rejects the file)
        if element.text:
            element.text = visible(element.text, keep_newlines=True)
        for name, value in element.attrib.items():
            element.set(name, visible(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _grouped_cases(case, code: str, findings: list[Finding], fail_on: str, counts: dict[str, int]) -> None:
    """A large register: one test for the findings of a rule in a file that fail the job, one for the others."""
    failing = [f for f in findings if _is_failure(f, fail_on)]
    below = [f for f in findings if not _is_failure(f, fail_on)]
    for part, failed in ((failing, True), (below, False)):
        if not part:
            continue
        shown = part[:GROUP_LINES]
        lines = [_line(f) for f in shown]
        if len(part) > len(shown):
            lines.append(f"……另有 {len(part) - len(shown)} 个问题（完整列表请用 --format json、csv 或 xlsx）")
        source = clause(part[0].source)
        text = "\n".join(lines) + (f"\n依据：{source}" if source else "")
        level = max(part, key=lambda f: severity_rank(f.severity)).severity
        element = case(f"{code}（{len(part)} 个问题）" if failed else f"{code}（{len(part)} 个问题，未达到失败级别）")
        summary = f"{len(part)} 个问题，第一个：{part[0].full_message}"
        if failed:
            counts["failures"] += 1
            ET.SubElement(element, "failure", message=summary, type=level).text = text
        else:
            counts["skipped"] += 1
            ET.SubElement(element, "skipped", message=f"[{LABEL[level]}，未达到失败级别] {summary}", type=level).text = text
