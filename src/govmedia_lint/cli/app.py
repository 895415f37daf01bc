"""The command line: thin wrappers over loading, engine and report."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from .. import (
    __version__,
    checks,  # noqa: F401  (registers the check kinds)
)
from ..calendar_command import STRICT_HELP, calendar_command, provisional_notice
from ..commands.due import due_command
from ..commands.report import report_command
from ..engine.evaluate import TOOL_RULE_DOCS, TOOL_RULES, RunOptions
from ..engine.findings import severity_rank
from ..engine.packs import PackError, PackSet
from ..importing.command import import_command
from ..loading import discover
from ..model import SHANGHAI
from ..newaccount import init_command
from ..policy.baseline import BaselineError, apply_baseline, load_baseline
from ..policy.baseline import write_baseline as write_baseline_file
from ..policy.expired_packs import acknowledged_packs, fold_expired
from ..policy.waivers import apply_waivers
from ..render import BINARY_FORMATS, FORMATS, Report, render
from ..render.progress import track
from ..render.reference import explain_renderable, pack_dict, packs_text, rule_dict, rules_markdown, rules_text
from ..render.sanitize import visible
from ..render.terminal import color_wanted
from ..render.terminal import console as make_console
from ..render.wrap import terminal_width
from ..run.selectors import UnknownSelector, resolve_selectors
from ..safeio import check_output_path, write_output
from ..settings.config_file import (
    ConfigError,
    Settings,
    apply_severity,
    check_severity_codes,
    load_config,
    period_bounds,
    resolve,
)
from ..workdays import CalendarFileError, load_calendar
from .help import ChineseGroup

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="govmedia-lint",
    help="政务新媒体合规检查：按各地规则包检查账号登记文件。",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    rich_markup_mode=None,
    cls=ChineseGroup,  # help and usage errors in Chinese (cli_help.py)
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: dates the options accept: a review period and working-day deadlines are computed around them
DATE_RANGE = (date(1990, 1, 1), date(2199, 12, 31))


def stdout() -> Console:
    return make_console()


def stderr_line(message: str) -> None:
    make_console(stderr=True).print(visible(f"govmedia-lint: {message}"), soft_wrap=True)  # paths unbroken


def fail(message: str) -> "typer.Exit":
    stderr_line(f"错误：{message}")
    return typer.Exit(EXIT_ERROR)


def _parse_date(value: Optional[str], option: str) -> Optional[date]:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} 应为 YYYY-MM-DD 日期，实际为 {value!r}") from None
    if not DATE_RANGE[0] <= day <= DATE_RANGE[1]:  # periods and deadlines are computed around it
        raise fail(f"{option} 应在 {DATE_RANGE[0]} 至 {DATE_RANGE[1]} 之间，实际为 {value}")
    return day


def _split(values: Optional[List[str]]) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _load_packs(pack_dirs: Optional[List[Path]] = None) -> PackSet:
    try:
        return PackSet.load(pack_dirs or [])
    except PackError as exc:
        raise fail(str(exc)) from None


def _version(value: bool) -> None:
    if value:
        print(f"govmedia-lint {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="显示版本并退出。"),
) -> None:
    """政务新媒体合规检查。"""


def _settings(config_file: Optional[Path], paths: Optional[List[Path]], **cli) -> Settings:
    """The configuration file (found from the checked paths) under the command-line options."""
    try:
        return resolve(load_config(config_file, paths or [Path(".")]), **cli)
    except ConfigError as exc:
        raise fail(str(exc)) from None


def _prepare(settings: Settings, paths: Optional[List[Path]], as_of: Optional[str], since: Optional[str],
             until: Optional[str]) -> tuple[PackSet, RunOptions, list[Path]]:
    """Validate what a run needs (dates, calendar, packs, paths) before any file is read."""
    if settings.fail_on not in ("error", "warning", "info", "never"):
        raise fail(f"--fail-on 应为 error|warning|info|never，实际为 {settings.fail_on!r}")
    if as_of is None and settings.as_of is not None:  # issue 11: a pinned demo or scheduled job (config as-of)
        as_of_day = _parse_date(settings.as_of.isoformat(), f"{settings.config_file}: as-of")
    else:
        as_of_day = _parse_date(as_of, "--as-of") or datetime.now(SHANGHAI).date()
    default_since, default_until = period_bounds(as_of_day, settings.period)
    since_day = _parse_date(since, "--since") or default_since
    until_day = min(_parse_date(until, "--until") or default_until, as_of_day)
    if since_day > until_day:
        raise fail(f"审查期起始日 {since_day} 晚于结束日 {until_day}")
    try:
        work_calendar = load_calendar(settings.calendar, strict=settings.strict_calendar)
    except (CalendarFileError, OSError) as exc:
        raise fail(str(exc)) from None
    packset = _load_packs(settings.pack_dirs)
    for pack_id in settings.packs:
        if packset.get(pack_id) is None:
            raise fail(f"未知的规则包 {pack_id!r}；可用：{', '.join(packset.packs)}")
    try:
        settings.select = resolve_selectors(settings.select, packset, TOOL_RULES, "--select/select")
        settings.ignore = resolve_selectors(settings.ignore, packset, TOOL_RULES, "--ignore/ignore")
    except UnknownSelector as exc:
        raise fail(str(exc)) from None
    roots = paths or [Path(".")]
    for root in roots:
        if not root.exists():
            raise fail(f"路径不存在：{root}")
    options = RunOptions(as_of_day, since_day, until_day, work_calendar,
                         packs=[packset.get(p).id for p in settings.packs], select=settings.select,
                         ignore=settings.ignore)
    return packset, options, roots


def _discover(roots: list[Path], exclude: list[str]) -> list[Path]:
    """The account files under ``roots``; none at all is a usage error (a CI job that checks nothing must not pass)."""
    files = list(discover(roots, exclude))
    if not files:
        where = "、".join(str(r) for r in roots)
        raise fail(f"{where} 中没有找到账号文件（*.yaml、*.yml；不查找隐藏目录和 exclude 中的路径），未检查任何文件")
    return files


@app.command()
def check(
    paths: List[Path] = typer.Argument(None, help="账号文件或目录（递归查找 *.yaml/*.yml），默认当前目录。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="检查日 YYYY-MM-DD，默认今天（北京时间）。"),
    since: Optional[str] = typer.Option(None, "--since", help="审查期起始日，默认检查日前一年。"),
    until: Optional[str] = typer.Option(None, "--until", help="审查期结束日，默认检查日。"),
    pack: Optional[List[str]] = typer.Option(None, "--pack", help="使用指定规则包（覆盖账号的 jurisdiction，可重复）。"),
    fmt: str = typer.Option("table", "--format", "-f", help=f"输出格式：{'|'.join(FORMATS)}。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件而非标准输出。"),
    select: Optional[List[str]] = typer.Option(None, "--select", help="只检查这些规则代码或前缀（逗号分隔，可重复）。"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="忽略这些规则代码或前缀（逗号分隔，可重复）。"),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="达到该级别的问题使退出码为 1：error|warning|info|never（默认 error）。"),
    calendar: Optional[Path] = typer.Option(None, "--calendar", help="补充工作日历 YAML（chinese-calendar 未覆盖的年份）。"),
    strict_calendar: bool = typer.Option(False, "--strict-calendar", help=STRICT_HELP),
    pack_dir: Optional[List[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
    config_file: Optional[Path] = typer.Option(None, "--config", help="配置文件（默认从检查路径向上查找 govmedia-lint.toml 或 pyproject.toml）。"),
    show_config: bool = typer.Option(False, "--show-config", help="打印生效的配置并退出。"),
    encoding: str = typer.Option("utf-8", "--encoding", help="账号文件的编码，默认 utf-8（可带 BOM）；Windows 导出的文件可用 gb18030。"),
    no_mask: bool = typer.Option(False, "--no-mask", help="不遮蔽输出中的电话号码（默认 138****0000）。"),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="基线文件：其中记录的问题不再报告，只对新问题失败。"),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", help="把当前全部问题记录为基线文件。"),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="遍历目录时跳过的文件或目录（名称或相对路径的通配符，逗号分隔，可重复）。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="并行进程数，默认全部 CPU 核；1 为不并行。"),
    no_cache: bool = typer.Option(False, "--no-cache", help="不读也不写结果缓存。"),
    title: Optional[str] = typer.Option(None, "--title", help="报告标题（html/xlsx），如“佳县2026年第四季度政务新媒体检查情况”。"),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help="结果缓存目录，默认在用户缓存目录中（每个仓库一个子目录，不在工作区内）。"),
    color: str = typer.Option("auto", "--color", help="彩色输出：auto（终端中彩色，遵从 NO_COLOR/FORCE_COLOR）|always|never。"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只输出问题，不输出汇总行、提示和进度条。"),
    statistics: bool = typer.Option(False, "--statistics", help="只输出每条规则的问题数（table 或 json 格式）。"),
    show_score: Optional[bool] = typer.Option(None, "--score/--no-score", help="table 输出中附上账号得分（南通附件2等评分指标）；默认不附，配置 score = true 可改。"),
) -> None:
    """检查账号文件，输出问题清单。退出码：0 无问题，1 有达到 --fail-on 级别的问题，2 用法/配置/输入错误。"""
    if fmt not in FORMATS:
        raise fail(f"--format 应为 {'|'.join(FORMATS)}，实际为 {fmt!r}")
    if color not in ("auto", "always", "never"):
        raise fail(f"--color 应为 auto、always 或 never，实际为 {color!r}")
    if statistics and fmt not in ("table", "json"):
        raise fail("--statistics 只用于 table 或 json 格式")
    if fmt in BINARY_FORMATS and output is None and sys.stdout.isatty():
        raise fail(f"{fmt} 是二进制格式，请用 --output 指定输出文件")
    settings = _settings(config_file, paths, packs=_split(pack), select=_split(select), ignore=_split(ignore),
                         fail_on=fail_on, calendar=calendar, strict_calendar=strict_calendar or None,
                         pack_dirs=pack_dir, baseline=baseline,
                         exclude=_split(exclude))
    if show_config:
        sys.stdout.write(settings.to_toml())
        raise typer.Exit(EXIT_OK)
    fail_on = settings.fail_on
    for target in (output, write_baseline):  # before the run: a bad output path must not cost a whole check
        problem = check_output_path(target) if target is not None else None
        if problem:
            raise fail(problem)
    packset, options, roots = _prepare(settings, paths, as_of, since, until)
    try:  # issue 11: [packs.<id>] acknowledged = "文号"
        acknowledged = acknowledged_packs(settings.acknowledged, packset, settings.config_file)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    try:
        "".encode(encoding)
    except LookupError:
        raise fail(f"未知的编码 {encoding!r}") from None
    # issue 6: files in parallel (--jobs), results cached per file; documents are never all held at once
    from ..run.cache import default_dir
    from ..run.runner import cache_run_key, check_files

    files = _discover(roots, settings.exclude)
    load_kwargs = {"encoding": encoding}
    colored = output is None and fmt == "table" and color_wanted(color, sys.stdout, os.environ)
    width = terminal_width()
    wants_score = fmt != "table" or (show_score if show_score is not None else settings.score)
    reuse = None
    if not (no_cache or write_baseline):  # issue 13: the same register and command again writes the same report
        from ..run.stored_reports import ReportReuse, file_digest

        reuse = ReportReuse.open(cache_dir or default_dir(), (fmt, statistics, str(output)), {
            "format": fmt, "statistics": statistics, "settings": settings, "baseline": file_digest(settings.baseline),
            "color": colored, "width": width, "quiet": quiet, "mask": not no_mask, "title": title,
            "score": wants_score, "calendar": options.calendar.description})
        stored = reuse.lookup(files, cache_run_key(packset, options, load_kwargs)) if reuse else None
        if stored is not None:
            _finish(output, stored.output, quiet, stored.provisional_years)
            raise typer.Exit(stored.exit_code)
    ticker = track(range(len(files)), "quiet" if quiet else fmt)

    def advance(done: int) -> None:  # the bar (and its thread) starts once the workers are forked
        for _ in range(2 if done == 1 else 1):
            next(ticker, None)

    try:
        run = check_files(files, packset, options, jobs=jobs, load_kwargs=load_kwargs,
                          cache_dir=None if no_cache else (cache_dir or default_dir()), progress=advance)
    finally:
        ticker.close()
    if run.stats.cache_refused and not quiet:
        stderr_line(f"警告：{run.stats.cache_refused}，本次不使用结果缓存")
    result, facts, loaded = run.result, run.facts, run.loaded
    fold_expired(result, acknowledged)  # issue 11: once per run, not on every account
    try:  # issue 4: severity overrides, then waivers (before scores), baselines (after)
        check_severity_codes(settings, [*TOOL_RULES, *(n for r in packset.all_rules()
                                                       for n in (r.code, r.name, *r.aliases))])
        apply_severity(result.findings, settings.severity,
                       {r.code: {a.upper() for a in (r.name, *r.aliases)} for r in packset.all_rules()})
        apply_waivers(result, facts, packset, options)
        known_baseline = load_baseline(settings.baseline) if settings.baseline and not write_baseline else None
    except (ConfigError, BaselineError) as exc:
        raise fail(str(exc)) from None
    if write_baseline:  # says what it wrote, and nothing else
        try:
            count = write_baseline_file(write_baseline, result, facts, options.as_of)
        except OSError as exc:
            raise fail(f"无法写入基线文件 {write_baseline}：{exc.strerror or exc}") from None
        print(f"已把 {count} 个问题记录到基线 {write_baseline}")
        raise typer.Exit(EXIT_ERROR if result.incomplete else EXIT_OK)
    if known_baseline is not None:
        apply_baseline(result, known_baseline, facts, options.as_of)
    report = Report(result, options.as_of, options.since, options.until, options.calendar.description,
                    color=colored, facts=facts, mask=not no_mask, packset=packset, fail_on=fail_on, width=width,
                    quiet=quiet, title=title, nothing_to_mask=run.nothing_to_mask)
    # a score needs every rule's findings: with --select/--ignore there is none (use `score`); the table shows
    # it only when asked (--score or score = true), the reports for leaders always
    if wants_score and not (options.select or options.ignore):
        report.scores = _scores(loaded, result.findings, packset, options.packs)
    if statistics:
        from ..render.statistics import render_statistics

        text = render_statistics(result.findings, fmt)
    else:
        text = render(report, fmt)
    if result.incomplete:
        code = EXIT_ERROR
    elif fail_on != "never" and any(severity_rank(f.severity) >= severity_rank(fail_on) for f in result.findings):
        code = EXIT_FINDINGS
    else:
        code = EXIT_OK
    _finish(output, text, quiet, result.provisional_years)
    if reuse is not None:
        from ..run.stored_reports import StoredReport

        reuse.store(run.run_key, run.file_keys, StoredReport(text, code, result.provisional_years))
    if code != EXIT_OK:
        raise typer.Exit(code)


def _finish(output: Optional[Path], text: str | bytes, quiet: bool, provisional_years: list[int]) -> None:
    """Write a check's report and say, once, that some working days were provisional."""
    try:  # a full disk or a vanished folder leaves no truncated report behind, and is exit 2, not 1
        write_output(output, text)
    except OSError as exc:
        raise fail(f"无法写入输出文件 {output}：{exc.strerror or exc}") from None
    if not quiet:
        provisional_notice(provisional_years)


@app.command()
def explain(
    code: str = typer.Argument(..., help="规则代码，例如 JX-UPDATE-WEEKLY。"),
    fmt: str = typer.Option("text", "--format", "-f", help="text|json"),
    pack_dir: Optional[List[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
) -> None:
    """说明一条规则：要求、参数、级别、文件条款原文，以及不合格与合格示例。"""
    tool_code = code.strip().upper()
    if tool_code in TOOL_RULES:  # the tool's own codes
        name, severity = TOOL_RULES[tool_code]
        if fmt == "json":
            print(json.dumps({"code": tool_code, "name": name, "severity": severity, "pack": None,
                              "explain": TOOL_RULE_DOCS[tool_code]}, ensure_ascii=False, indent=2))
        else:
            stdout().print(f"{tool_code}  {name}（工具自身的代码，级别 {severity}）\n\n{TOOL_RULE_DOCS[tool_code]}",
                           markup=False)
        return
    packset = _load_packs(pack_dir)
    rule = packset.find_rule(code)
    if rule is None:
        close = packset.suggest(code)
        hint = f"；是否是：{', '.join(close)}？" if close else "；用 govmedia-lint rules 查看全部规则"
        raise fail(f"没有规则 {code!r}{hint}")
    if fmt == "json":
        print(json.dumps(rule_dict(rule), ensure_ascii=False, indent=2))
    else:
        console = stdout()
        for part, soft_wrap in explain_renderable(rule, packset):
            console.print(part, soft_wrap=soft_wrap)


@app.command("rules")
def list_rules(
    pack: Optional[str] = typer.Option(None, "--pack", help="只列出该规则包生效的规则（含继承）。"),
    fmt: str = typer.Option("table", "--format", "-f", help="table|json|markdown（markdown：完整的规则参考文档）"),
    pack_dir: Optional[List[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
) -> None:
    """列出规则：代码、名称、规则包、级别、来源。"""
    packset = _load_packs(pack_dir)
    if fmt == "markdown":
        sys.stdout.write(rules_markdown(packset))
        return
    if pack:
        chosen = packset.get(pack)
        if chosen is None:
            raise fail(f"未知的规则包 {pack!r}；可用：{', '.join(packset.packs)}")
        rows = [(chosen.rules[c], "own") for c in chosen.own] + [(chosen.rules[c], "inherited") for c in chosen.inherited]
    else:
        rows = [(rule, "own") for rule in packset.all_rules()]
    if fmt == "json":
        print(json.dumps([{**rule_dict(r), "inherited": how == "inherited"} for r, how in rows],
                         ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(rules_text(rows))


@app.command()
def packs(
    fmt: str = typer.Option("table", "--format", "-f", help="table|json"),
    pack_dir: Optional[List[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
) -> None:
    """列出规则包：id、名称、文件、印发与施行日期、有效期、规则数。"""
    packset = _load_packs(pack_dir)
    if fmt == "json":
        print(json.dumps([pack_dict(p) for p in packset.packs.values()], ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(packs_text(list(packset.packs.values())))


def _scores(loaded, findings, packset, pack_ids):
    """Scores of the accounts whose pack has a ``score:`` sheet (南通 附件2/附件3)."""
    from ..policy.scoring import ScoreError, scores_for_run

    try:
        return scores_for_run(loaded, findings, packset, pack_ids)
    except ScoreError as exc:
        raise fail(str(exc)) from None


@app.command()
def score(
    paths: List[Path] = typer.Argument(None, help="账号文件或目录（递归查找 *.yaml/*.yml），默认当前目录。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="检查日（监测时间点）YYYY-MM-DD，默认今天（北京时间）。"),
    since: Optional[str] = typer.Option(None, "--since", help="审查期起始日，默认检查日前一年。"),
    until: Optional[str] = typer.Option(None, "--until", help="审查期结束日，默认检查日。"),
    pack: Optional[List[str]] = typer.Option(None, "--pack", help="使用指定规则包（覆盖账号的 jurisdiction，可重复）。"),
    fmt: str = typer.Option("table", "--format", "-f", help="table|json"),
    calendar: Optional[Path] = typer.Option(None, "--calendar", help="补充工作日历 YAML（chinese-calendar 未覆盖的年份）。"),
    strict_calendar: bool = typer.Option(False, "--strict-calendar", help=STRICT_HELP),
    pack_dir: Optional[List[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
    config_file: Optional[Path] = typer.Option(None, "--config", help="配置文件（默认从检查路径向上查找）。"),
) -> None:
    """按规则包的评分指标给账号打分并排名（如南通附件2检查指标），附年度考核指标（附件3）。退出码：0 全部合格，1 有不合格，2 错误。"""
    from ..policy.scoring import score_dicts
    from ..render.scores import ranking_table

    if fmt not in ("table", "json"):
        raise fail(f"--format 应为 table|json，实际为 {fmt!r}")
    settings = _settings(config_file, paths, packs=_split(pack), calendar=calendar,
                         strict_calendar=strict_calendar or None, pack_dirs=pack_dir)
    settings.select, settings.ignore = [], []  # a score needs every rule's findings
    packset, options, roots = _prepare(settings, paths, as_of, since, until)
    from ..run.runner import check_files

    run = check_files(_discover(roots, settings.exclude), packset, options)
    result = apply_waivers(run.result, run.facts, packset, options)  # an approved waiver does not deduct
    results = _scores(run.loaded, result.findings, packset, options.packs)
    provisional_notice(result.provisional_years)
    if fmt == "json":
        print(json.dumps({"as_of": options.as_of.isoformat(),
                          "period": {"since": options.since.isoformat(), "until": options.until.isoformat()},
                          "complete": not result.incomplete, "scores": score_dicts(results)},
                         ensure_ascii=False, indent=2, default=str))
    else:
        console = stdout()
        if not results:
            console.print("没有可评分的账号：账号所属规则包没有评分指标（score）。")
        for level in ("account", "host_unit", "register"):
            if any(r.level == level for r in results):
                console.print(ranking_table(results, level))
        console.print(f"检查日（监测时间点）{options.as_of}，审查期 {options.since} 至 {options.until}。"
                      + ("存在输入或日历错误，评分不完整。" if result.incomplete else ""))
    if result.incomplete:
        raise typer.Exit(EXIT_ERROR)
    if any(not r.passed for r in results if r.level == "account"):
        raise typer.Exit(EXIT_FINDINGS)


app.command("import")(import_command)
app.command("calendar")(calendar_command)
app.command("init")(init_command)  # issue 10: a new account file (newaccount.py)
app.command("text")(__import__("govmedia_lint.text.command", fromlist=["text_command"]).text_command)  # text/command.py
app.command("due")(due_command(_settings, _prepare, fail, _discover))  # issue 14: due.py
app.command("report")(report_command(_settings, _prepare, fail, _discover))  # issue 14: report_period.py


@app.command("schema")
def schema_command(
    fmt: str = typer.Option("json", "--format", "-f", help="json|markdown（markdown：账号文件格式说明文档）"),
    pack_dir: Optional[List[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
) -> None:
    """打印账号文件格式的 JSON Schema（供编辑器 yaml-language-server 校验与补全），或格式说明文档。"""
    from ..account_schema import account_schema
    from ..fielddoc import format_markdown

    if fmt == "markdown":
        sys.stdout.write(format_markdown(_load_packs(pack_dir)))
    elif fmt == "json":
        print(json.dumps(account_schema(), ensure_ascii=False, indent=2))
    else:
        raise fail(f"--format 应为 json|markdown，实际为 {fmt!r}")
