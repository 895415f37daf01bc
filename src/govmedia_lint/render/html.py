"""A single self-contained HTML report for leaders (no scripts, fonts or images from elsewhere).

Summary per jurisdiction, an overview of every account, then per account: its
score where the run computed one (南通 100-point sheet), a calendar heatmap of
posting activity over the review period (like a contribution graph; gaps longer
than the account's own packs allow, as their ``max_idle_gap`` rule counts them, are
tinted so they stand out) and its findings
and waived findings.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from html import escape as _escape_html
from typing import Optional

from .. import __version__
from ..engine.findings import SEVERITY_LABEL, severity_rank
from ..run.facts import AccountFacts
from ..workdays import provisional_note
from . import Report
from .people import RUN_CODES, TO_FILL, Row, people_counts, people_known, people_rows, run_notices
from .rules import clause, rule_info
from .sanitize import visible
from .summary import PLATFORMS, account_rows, jurisdiction_rows, score_text


def escape(text: object, quote: bool = True) -> str:
    """HTML-escaped, with control characters and bidi overrides shown (a U+202E would reverse what a leader reads)."""
    return _escape_html(visible(text), quote)

LABEL = SEVERITY_LABEL
WEEKDAYS = "一二三四五六日"
IDLE_DAYS = 14
CELL, GAP = 11, 2
TOP = 14  # y of the Monday row of a heatmap

CSS = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:24px auto;max-width:1100px;
color:#1f2328;padding:0 16px;line-height:1.5}
h1{font-size:24px;margin-bottom:4px}h2{border-bottom:2px solid #b8262b;padding-bottom:4px;margin-top:32px}
h3{margin-top:28px;color:#b8262b}.meta{color:#57606a}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:14px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa;white-space:nowrap}
td.n{text-align:right;white-space:nowrap}td.s{white-space:nowrap}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:8px 16px;min-width:90px}
.card b{display:block;font-size:26px}.error{color:#b8262b}.warning{color:#9a6700}.info{color:#0969da}
.sev-error{background:#ffebe9}.sev-warning{background:#fff8c5}.sev-info{background:#ddf4ff}
section.account{border:1px solid #d0d7de;border-radius:6px;padding:8px 16px;margin:16px 0;break-inside:avoid}
.score{font-size:18px;font-weight:bold}.ok{color:#1a7f37}.muted{color:#57606a;font-size:13px}
.legend rect{stroke:none}svg.heat text{font-size:9px;fill:#57606a}
svg.heat rect.c0{fill:#ebedf0}svg.heat rect.c1{fill:#9be9a8}svg.heat rect.c2{fill:#40c463}
svg.heat rect.c3{fill:#30a14e}svg.heat rect.c4{fill:#216e39}svg.heat rect.idle{fill:#ffb3a7}
svg.heat rect.pre{fill:#fff;stroke:#d0d7de;stroke-width:0.5}svg.heat rect.off{fill:#a8bcd6}
code.code{font-size:11px;color:#57606a}.notice{border-left:4px solid #9a6700;padding:6px 12px}
@media print{section.account{page-break-inside:avoid}}
"""


def _level(count: int) -> str:
    return "c0" if count == 0 else "c1" if count == 1 else "c2" if count == 2 else "c3" if count <= 4 else "c4"


def idle_runs(days: list[date], start: date, end: date, limit: int = IDLE_DAYS, before: Optional[date] = None,
              stop: Optional[date] = None, off: frozenset = frozenset()) -> list[tuple[date, date]]:
    """Runs of days in [start, end] inside a gap between updates longer than ``limit`` days, measured as the
    ``max_idle_gap`` check measures it: the difference of the two dates (a post on the 1st and the next on the
    16th: 15 days; to the check day: its date minus the last post's), without the days in ``off`` (approved
    offline periods). ``before``: the last update before ``start``, or the opening day; without it the time
    before the first update is not judged (unless there is none: then from ``start``). ``stop``: the day the
    last gap runs to when it is not ``end`` (the closure day)."""
    inside = [d for d in days if start <= d <= end]
    points = ([before] if before is not None else [] if inside else [start]) + inside
    # (from, to, the last silent day): to the check day, that day itself is silent; to a post or the closure,
    # the day before
    spans = [(a, b, b - timedelta(days=1)) for a, b in zip(points, points[1:])]
    spans.append((points[-1], stop, stop - timedelta(days=1)) if stop else (points[-1], end, end))
    runs = []
    for a, b, silent_to in spans:
        if (b - a).days - sum(1 for d in off if a < d < b) > limit:
            lo, hi = max(a + timedelta(days=1), start), min(silent_to, end)
            if lo <= hi:
                runs.append((lo, hi))
    return runs


@dataclass(frozen=True)
class _Grid:
    """What a heatmap of a period is, whatever the account: its size, and in order the fixed markup (text)
    and each day's cell as (day, the cell after its class without posts, the same up to the count with)."""

    width: int
    height: int
    pieces: tuple


@lru_cache(maxsize=4)
def _grid(since: date, until: date) -> _Grid:
    """The period's heatmap layout, laid out once per report, not once per account (a year of cells for each
    of a thousand accounts was most of the HTML report's time)."""
    first = since - timedelta(days=since.weekday())
    weeks = (until - first).days // 7 + 1
    left, top = 22, TOP
    pieces: list = [f'<text x="0" y="{top + row * (CELL + GAP) + CELL - 2}">{WEEKDAYS[row]}</text>' for row in (0, 2, 4)]
    month = None
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        shown = max(monday, since)
        if shown.month != month and shown <= until:
            month = shown.month
            pieces.append(f'<text x="{left + week * (CELL + GAP)}" y="10">{shown.month}月</text>')
        # one group per week (its Monday in data-week), one cell per day with only its row: a year of
        # cells for hundreds of accounts adds up, so cells carry a tooltip only on days with posts
        pieces.append(f'<g data-week="{monday.isoformat()}" transform="translate({left + week * (CELL + GAP)},0)">')
        for row in range(7):
            day = monday + timedelta(days=row)
            if day < since or day > until:
                continue
            cell = f'" y="{TOP + row * (CELL + GAP)}" width="{CELL}" height="{CELL}"'
            pieces.append((day, cell + "/>", f"{cell}><title>{day.isoformat()} 周{WEEKDAYS[row]} "))
        pieces.append("</g>")
    return _Grid(left + weeks * (CELL + GAP) + 4, top + 7 * (CELL + GAP) + 4, tuple(pieces))


def heatmap(facts: AccountFacts, since: date, until: date) -> str:
    """An inline SVG calendar heatmap of posts per day over the review period; gaps longer than the limit of
    the account's own packs (``AccountFacts.idle_max_days``, e.g. 黔江 服务号 10 days) are tinted."""
    counts = {date.fromisoformat(day): n for day, n in facts.post_days.items()}
    live_from = max(since, facts.opened_on) if facts.opened_on else since
    closed_on = getattr(facts, "closed_on", None)
    live_to = min(until, closed_on - timedelta(days=1)) if closed_on else until
    if facts.status in ("planned", "approved"):
        live_from = until + timedelta(days=1)  # never live
    off = {start + timedelta(days=i) for start, end in getattr(facts, "offline", ())
           for i in range(((end or until) - start).days + 1)}
    limit = getattr(facts, "idle_max_days", IDLE_DAYS)
    earlier = [d for d in counts if d < live_from]
    before = max(earlier) if earlier else facts.opened_on if facts.opened_on and facts.opened_on >= since else None
    runs = (idle_runs(sorted(counts), live_from, live_to, limit, before,
                      closed_on if closed_on and closed_on <= until else None, frozenset(off))
            if limit is not None and live_from <= live_to else [])
    idle = {d for a, b in runs for d in (a + timedelta(days=i) for i in range((b - a).days + 1))} - off
    grid = _grid(since, until)
    label = f"{facts.account}（{PLATFORMS.get(facts.platform, facts.platform)}）发布活跃度"
    parts = [f'<svg class="heat" role="img" aria-label="{escape(label)}" width="{grid.width}" '
             f'height="{grid.height}" viewBox="0 0 {grid.width} {grid.height}" xmlns="http://www.w3.org/2000/svg">']
    for piece in grid.pieces:
        if type(piece) is str:
            parts.append(piece)
            continue
        day, plain, titled = piece
        count = counts.get(day, 0)
        if day < live_from or day > live_to:
            css = "pre"
        elif day in off and not count:
            css = "off"
        else:
            css = "idle" if day in idle else _level(count)
        parts.append(f'<rect class="{css}{titled}{count} 条</title></rect>' if count else f'<rect class="{css}{plain}')
    parts.append("</svg>")
    total = sum(n for d, n in counts.items() if since <= d <= until)
    active = sum(1 for d in counts if since <= d <= until)
    longest = max(runs, key=lambda r: (r[1] - r[0]).days, default=None)
    note = f"审查期内发布 {total} 条，{active} 天有更新"
    rule = getattr(facts, "idle_rule", "")
    if limit is None:
        note += "；所用规则包对该账号没有更新间隔要求，不标注未更新时段"
    elif longest:
        note += (f"；更新间隔超过 {limit} 天{f'（{rule}）' if rule else ''}的时段 {len(runs)} 个，"
                 f"最长一段无更新 {(longest[1] - longest[0]).days + 1} 天（{longest[0]} 至 {longest[1]}，图中红色）")
    return f'<div class="heatmap">{"".join(parts)}<div class="muted">{escape(note)}</div></div>'


LEGEND = (
    '<p class="muted">活跃度图例：'
    + "".join(f'<svg class="heat legend" width="12" height="12"><rect class="{c}" width="11" height="11" rx="2"/></svg> {t} '
              for c, t in (("c0", "无更新"), ("c1", "1 条"), ("c2", "2 条"), ("c3", "3–4 条"), ("c4", "5 条及以上"),
                           ("idle", "更新间隔超过本账号规则包的上限（见各图下方）"), ("off", "批准下线期间"),
                           ("pre", "未上线或已关停")))
    + "</p>"
)


def _rule_cell(rule: str, title: str) -> str:
    return f"{escape(title)}<br><code class=\"code\">{escape(rule)}</code>"


def _detail(row: Row) -> str:
    """A folded row's findings one by one (the 明细), closed by default."""
    if len(row.findings) < 2:
        return ""
    items = "".join(f"<li>第 {f.line} 行：{escape(f.full_message)}</li>"
                    for f in sorted(row.findings, key=lambda f: (f.line, f.message)))
    return f'<details class="detail"><summary>逐条明细（{len(row.findings)} 条）</summary><ul>{items}</ul></details>'


def _findings_table(rows: list[Row]) -> str:
    if not rows:
        return '<p class="ok">未发现问题。</p>'
    body = "".join(
        f'<tr class="sev-{r.severity}"><td class="n">{r.line}</td><td class="s {r.severity}">{LABEL[r.severity]}</td>'
        f"<td>{_rule_cell(r.rule, r.title)}</td><td>{escape(r.message)}{_detail(r)}</td><td class=\"s\">{escape(r.status)}</td>"
        f"<td>{escape(clause(r.first.source))}</td></tr>"
        for r in rows)
    return ("<table><thead><tr><th>行号</th><th>级别</th><th>规则</th><th>问题</th><th>状态</th><th>依据</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _unit_summary(accounts: list[dict], rows: list[Row]) -> str:
    """Per host unit: accounts, accounts with problems, problems by severity (who gets a 整改通知)."""
    units: dict[tuple[str, str], dict] = {}
    for account in accounts:
        unit = units.setdefault((account["jurisdiction"], account["host_unit"] or "（未填写）"),
                                {"accounts": 0, "with": 0, "error": 0, "warning": 0, "info": 0, "fill": 0})
        unit["accounts"] += 1
        unit["with"] += 1 if account["error"] + account["warning"] + account["info"] else 0
        for key in ("error", "warning", "info"):
            unit[key] += account[key]
    host = {a["file"]: (a["jurisdiction"], a["host_unit"] or "（未填写）") for a in accounts}
    for row in rows:
        if row.status == TO_FILL and row.file in host:
            units[host[row.file]]["fill"] += 1
    ordered = sorted(units.items(), key=lambda item: (-item[1]["error"], -item[1]["warning"], item[0]))
    body = "".join(
        f"<tr><td>{escape(j)}</td><td>{escape(u)}</td><td class=\"n\">{d['accounts']}</td><td class=\"n\">{d['with']}</td>"
        f"<td class=\"n error\">{d['error']}</td><td class=\"n warning\">{d['warning']}</td>"
        f"<td class=\"n info\">{d['info']}</td><td class=\"n\">{d['fill']}</td></tr>"
        for (j, u), d in ordered)
    return ("<h2>各单位问题汇总</h2><table><thead><tr><th>辖区</th><th>主办单位</th><th>账号数</th><th>有问题的账号</th>"
            "<th>错误</th><th>警告</th><th>提示</th><th>其中待补充数据</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _problem_summary(rows: list[Row]) -> str:
    """Per rule: how many accounts have the problem (what to stress in a 通报), worst and commonest first."""
    problems: dict[str, dict] = {}
    for row in rows:
        item = problems.setdefault(row.rule, {"title": row.title, "severity": row.severity, "files": set()})
        item["files"].add(row.file)
    ordered = sorted(problems.items(), key=lambda kv: (-severity_rank(kv[1]["severity"]), -len(kv[1]["files"]), kv[0]))
    body = "".join(
        f"<tr><td>{_rule_cell(code, item['title'])}</td><td class=\"s {item['severity']}\">{LABEL[item['severity']]}</td>"
        f"<td class=\"n\">{len(item['files'])}</td></tr>"
        for code, item in ordered)
    return ("<h2>问题分类汇总</h2><table><thead><tr><th>问题</th><th>级别</th><th>涉及账号数</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _waived_table(waived: list, report: Report) -> str:
    if not waived:
        return ""
    rows = "".join(
        f"<tr><td class=\"n\">{w.finding.line}</td>"
        f"<td>{_rule_cell(w.finding.rule, rule_info(w.finding.rule, report)['title'])}</td>"
        f"<td>{escape(w.finding.message)}</td><td>{escape(w.waiver.approval_ref or '（无批准文号）')}</td>"
        f"<td>{escape(w.waiver.reason or '')}</td><td>{w.waiver.expires_on or '长期'}</td></tr>"
        for w in waived)
    return ("<details><summary>已豁免的问题（" + str(len(waived)) + " 个）</summary><table><thead><tr><th>行号</th>"
            "<th>规则</th><th>问题</th><th>批准文件</th><th>理由</th><th>有效期至</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></details>")


def _anchor(file: str) -> str:
    """A fragment id unique per file ('a/b.yaml' and 'a-b.yaml' differ), readable where it can be."""
    digest = hashlib.sha256(file.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return "a-" + "".join(c if c.isascii() and c.isalnum() else "-" for c in file)[-40:] + "-" + digest


def render(report: Report) -> str:
    result = report.result
    counts = people_counts(report)
    rows = people_rows(report)
    by_file: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_file[row.file].append(row)
    waived_by_file: dict[str, list] = defaultdict(list)
    acknowledged = [w for w in result.waived if w.finding.rule in RUN_CODES]
    for waived in result.waived:
        if waived.finding.rule not in RUN_CODES:
            waived_by_file[waived.finding.file].append(waived)
    accounts = account_rows(report)
    title = getattr(report, "title", None) or "政务新媒体合规检查报告"
    has_scores = any(row["score"] for row in accounts)

    out = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(title)}（{report.as_of}）</title><style>{CSS}</style></head><body>",
           f"<h1>{escape(title)}</h1>",
           f'<p class="meta">检查日 {report.as_of}；审查期 {report.since} 至 {report.until}；'
           f"共检查 {result.files} 个文件、{result.accounts} 个账号；工作日历 {escape(report.calendar)}。"
           + ("<b class=\"error\">存在无法读取的文件或超出日历范围的日期，检查不完整。</b>" if result.incomplete else "")
           + (f"<b>{escape(provisional_note(result.provisional_years))}。</b>" if result.provisional_years else "")
           + "</p>",
           '<div class="cards">'
           + "".join(f'<div class="card"><b class="{s}">{counts[s]}</b>{LABEL[s]}</div>' for s in ("error", "warning", "info"))
           + f'<div class="card"><b>{len(result.waived)}</b>已豁免</div>'
           + (f'<div class="card"><b>{people_known(report)}</b>其中已知未整改</div>' if result.baselined else "")
           + "</div>"]

    for notice in run_notices(report):  # an expired pack: once, not on every account
        out.append(f'<p class="notice sev-{notice.severity}"><b>{escape(notice.title)}</b>（{escape(notice.rule)}）：'
                   f"{escape(notice.message)}</p>")
    for waived in acknowledged:  # an expired pack the office keeps using, with the document that says so
        out.append(f'<p class="notice muted"><b>{escape(rule_info(waived.finding.rule, report)["title"])}（已确认：'
                   f'{escape(waived.waiver.approval_ref)}）</b>：{escape(waived.finding.message)}</p>')
    out.append("<h2>各辖区汇总</h2><table><thead><tr><th>辖区</th><th>账号数</th><th>有问题的账号</th><th>错误</th>"
               "<th>警告</th><th>提示</th><th>已豁免</th>" + ("<th>平均得分（不含否决）</th>" if has_scores else "") + "</tr></thead><tbody>")
    for group in jurisdiction_rows(report):
        average = (f"{sum(group['scores']) / len(group['scores']):.1f}" if group["scores"] else "—")
        if group["vetoed"]:
            average += f"（另有 {group['vetoed']} 个账号单项否决）"
        out.append(f"<tr><td>{escape(group['jurisdiction'])}</td><td class=\"n\">{group['accounts']}</td>"
                   f"<td class=\"n\">{group['with_findings']}</td><td class=\"n error\">{group['error']}</td>"
                   f"<td class=\"n warning\">{group['warning']}</td><td class=\"n info\">{group['info']}</td>"
                   f"<td class=\"n\">{group['waived']}</td>" + (f"<td class=\"n\">{average}</td>" if has_scores else "")
                   + "</tr>")
    out.append("</tbody></table>")

    out.append("<h2>账号一览</h2><table><thead><tr><th>辖区</th><th>账号</th><th>主办单位</th><th>平台</th><th>状态</th>"
               "<th>错误</th><th>警告</th><th>提示</th>" + ("<th>得分</th>" if has_scores else "") + "</tr></thead><tbody>")
    for row in accounts:
        name = escape(f"{row['account']}（{row['platform']}）" if row["account"] and row["platform"] else
                      row["account"] or row["file"])
        out.append(f"<tr><td>{escape(row['jurisdiction'])}</td><td><a href=\"#{_anchor(row['file'])}\">{name}</a></td>"
                   f"<td>{escape(row['host_unit'])}</td><td>{escape(row['platform'])}</td><td>{escape(row['status'])}</td>"
                   f"<td class=\"n error\">{row['error']}</td><td class=\"n warning\">{row['warning']}</td>"
                   f"<td class=\"n info\">{row['info']}</td>"
                   + (f"<td class=\"n\">{escape(score_text(row['score']))}</td>" if has_scores else "") + "</tr>")
    out.append("</tbody></table>")

    out.append(_unit_summary(accounts, rows))
    out.append(_problem_summary(rows))
    out.append("<h2>账号明细</h2>" + LEGEND)
    current: Optional[str] = None
    for row in sorted(accounts, key=lambda r: (r["jurisdiction"], r["account"], r["file"])):
        if row["jurisdiction"] != current:
            current = row["jurisdiction"]
            out.append(f"<h3>{escape(current)}</h3>")
        file = row["file"]
        facts = report.facts.get(file)
        heading = f"{row['account']}（{row['platform']}）" if row["account"] and row["platform"] else row["account"] or file
        out.append(f'<section class="account" id="{_anchor(file)}"><h4>{escape(heading)}</h4>')
        details = " · ".join(escape(x) for x in (row["host_unit"], row["platform"], row["status"]) if x)
        out.append(f'<p class="muted">{details}{" · " if details else ""}<code>{escape(file)}</code></p>')
        if row["score"]:
            reasons = row["score"].get("reasons")
            out.append(f'<p class="score">得分：{escape(score_text(row["score"]))}'
                       + (f' <span class="muted">{escape(reasons)}</span>' if reasons and reasons != "—" else "")
                       + "</p>")
        if facts is not None:
            out.append(heatmap(facts, report.since, report.until))
        out.append(_findings_table(by_file.get(file, [])))
        out.append(_waived_table(waived_by_file.get(file, []), report))
        out.append("</section>")

    out.append(f'<p class="muted">由 govmedia-lint {__version__} 生成。</p></body></html>\n')
    return "\n".join(out)
