"""Every option of every command, declared once.

An ``Option`` says what a setting is (type, default), how it is given (a command-line flag, a key of the
configuration file, or both), which commands take it, and how it is explained. From this table come the
commands' parameters (``cli/options.py``), the configuration file's keys and their validation
(``config_file.py``), the defaults, ``check --show-config`` and the configuration reference in the README
(``python -m govmedia_lint.dev generate``).

To add an option: add one ``Option`` here, name the commands that take it, and read ``settings.<key>``
where it is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

#: the commands whose options come from this table (``explain``, ``rules``, ``packs``, ``schema`` take
#: ``pack_dirs`` only)
COMMANDS = ("check", "score", "due", "report", "text", "reference", "reconcile")
RUNS = ("check", "score", "due", "report")  # commands that check a register

FAIL_LEVELS = ("error", "warning", "info", "never")
SEVERITY_LEVELS = ("error", "warning", "info")
PERIODS = ("rolling-year", "calendar-year", "calendar-quarter", "calendar-month")
COLORS = ("auto", "always", "never")


@dataclass(frozen=True)
class Option:
    """One setting.

    ``type``: ``list`` (strings, comma-separated or repeated), ``str``, ``choice`` (one of ``choices``),
    ``path``, ``paths``, ``bool``, ``switch`` (``--x/--no-x``, unset by default), ``date`` (YYYY-MM-DD),
    ``int``, ``table`` (``[severity]``), ``packs-table`` (``[packs.<id>]``).
    ``flag``: the command-line flag (None: configuration file only); ``config``: the key in the
    configuration file (None: command line only). Relative paths in the file are relative to its folder.
    """

    key: str
    type: str
    default: Any
    help: str
    flag: Optional[str] = None
    config: Optional[str] = None
    commands: tuple[str, ...] = RUNS
    choices: tuple[str, ...] = ()
    short: Optional[str] = None
    #: the value as the configuration reference shows it (TOML)
    example: Optional[str] = None


OPTIONS: tuple[Option, ...] = (
    Option("as_of", "date", None, "检查日 YYYY-MM-DD，默认今天（北京时间）；配置中固定它，演示或定时任务不随日期变化。",
           "--as-of", "as-of", ("check", "score", "due", "report", "text", "reconcile"), example="2026-11-26"),
    Option("since", "date", None, "审查期起始日，默认按 period（检查日前一年）。", "--since", None, RUNS),
    Option("until", "date", None, "审查期结束日，默认检查日。", "--until", None, ("check", "score", "report")),
    Option("packs", "list", [], "使用指定规则包（覆盖账号的 jurisdiction，逗号分隔，可重复；text：只用这些包的文本检查）。",
           "--pack", "packs", (*RUNS, "text", "reconcile"), example='["jiaxian"]'),
    Option("select", "list", [], "只检查这些规则代码或前缀（逗号分隔，可重复）。", "--select", "select", ("check",),
           example='["JX"]'),
    Option("ignore", "list", [], "忽略这些规则代码或前缀（逗号分隔，可重复）。", "--ignore", "ignore", ("check",),
           example='["JX-NAME-CONSISTENT"]'),
    Option("fail_on", "choice", "error", "达到该级别的问题使退出码为 1：error|warning|info|never。", "--fail-on",
           "fail-on", ("check", "text", "reconcile"), FAIL_LEVELS, example='"warning"'),
    Option("period", "str", "rolling-year",
           "默认审查期：rolling-year|calendar-year|calendar-quarter|calendar-month|\"<N>d\"（检查日前 N 天）。",
           None, "period", ("check", "score", "due"), example='"calendar-year"'),
    Option("calendar", "path", None, "补充工作日历 YAML（chinese-calendar 未覆盖的年份）。", "--calendar", "calendar",
           example='"calendar-2027.yaml"'),
    Option("strict_calendar", "bool", False, "没有官方放假安排的年份不按法定节假日暂算，而报告 GML-CALENDAR（退出码 2）。",
           "--strict-calendar", "strict-calendar", example="true"),
    Option("pack_dirs", "paths", [], "额外的规则包目录（可重复）。", "--pack-dir", "pack-dirs", COMMANDS,
           example='["local-rules"]'),
    Option("exclude", "list", [], "遍历目录时跳过的文件或目录（名称或相对路径的通配符，逗号分隔，可重复）。", "--exclude",
           "exclude", (*RUNS, "reconcile"), example='["drafts", "*.bak.yaml"]'),
    Option("baseline", "path", None, "基线文件：其中记录的问题标为“已知未整改”，照常报告和评分，但不使退出码为 1。",
           "--baseline", "baseline", ("check",), example='"govmedia-lint-baseline.json"'),
    Option("history", "bool", False, "读取账号文件的 git 历史：名称、主办单位、平台、认证主体、负责同志的变更，或状态改为"
           "关停、注销，而 filings 中没有事件日在前后两次提交之间的变更（关停、注销）备案的，按规则包的备案条款报告，"
           "注明引入变更的提交及其日期。", "--history", "history", ("check",), example="true"),
    Option("no_baseline", "bool", False, "不使用配置中的基线文件：全部问题计入退出码。", "--no-baseline", None, ("check",)),
    Option("score", "switch", False, "table 输出中附上账号得分（南通附件2等评分指标）。", "--score/--no-score", "score",
           ("check",), example="true"),
    Option("severity", "table", {}, "按规则代码或别名调整级别：error|warning|info。", None, "severity", RUNS,
           example='{ JX-UPDATE-WEEKLY = "warning" }'),
    Option("acknowledged", "packs-table", {}, "已确认过期的规则包：GML-PACK-EXPIRED 报告为已确认，而非问题。",
           None, "packs.<id>", RUNS, example='acknowledged = "佳政办函〔2026〕12号"'),
    Option("stale_after", "str", "30d", "导入的数据（data_coverage 的截至日）早于检查日超过这么多天的账号，检查时提示一次："
           "如 30d（天）；0d 为不提示。", "--stale-after", "stale-after", ("check",), example='"14d"'),
    Option("rectification_due", "str", None, "整改期限的登记默认值：整改事项没有写期限（due_on、due_within）时，"
           "自通知之次日起 N 天（\"10d\"）或 N 个工作日（\"5wd\"）。", None, "rectification-due", example='"5wd"'),
    Option("encoding", "str", "utf-8", "账号文件（text：txt、md、html 稿件）的编码，默认 utf-8（可带 BOM）；Windows 导出的文件可用 gb18030。",
           "--encoding", None, (*RUNS, "text", "reconcile")),
    Option("config_file", "path", None, "配置文件（默认从检查路径向上查找 govmedia-lint.toml 或 pyproject.toml）。",
           "--config", None, (*RUNS, "text", "reconcile")),
    Option("show_config", "bool", False, "打印生效的配置并退出。", "--show-config", None, (*RUNS, "text", "reconcile")),
    # what one run prints and where: command line only
    Option("format", "str", "table", "输出格式。", "--format", None, COMMANDS, short="-f"),
    Option("output", "path", None, "写入文件而非标准输出。", "--output", None, ("check", "due", "report", "reconcile"), short="-o"),
    Option("title", "str", None, "报告标题（html/xlsx），如“佳县2026年第四季度政务新媒体检查情况”。", "--title", None,
           ("check", "report", "reconcile")),
    Option("color", "choice", "auto", "彩色输出：auto（终端中彩色，遵从 NO_COLOR/FORCE_COLOR）|always|never。", "--color",
           None, ("check",), COLORS),
    Option("quiet", "bool", False, "只输出问题，不输出汇总行、提示和进度条。", "--quiet", None, ("check",), short="-q"),
    Option("statistics", "bool", False, "只输出每条规则的问题数（table 或 json 格式）。", "--statistics", None, ("check",)),
    Option("no_mask", "bool", False, "不遮蔽输出中的电话号码（默认 138****0000）。", "--no-mask", None, ("check", "due", "reconcile")),
    Option("write_baseline", "path", None, "把当前全部问题记录为基线文件。", "--write-baseline", None, ("check",)),
    Option("jobs", "int", None, "并行进程数，默认全部 CPU 核；1 为不并行。", "--jobs", None, ("check",), short="-j"),
    Option("no_cache", "bool", False, "不读也不写结果缓存。", "--no-cache", None, ("check",)),
    Option("cache_dir", "path", None, "结果缓存目录，默认在用户缓存目录中（每个仓库一个子目录，不在工作区内）。",
           "--cache-dir", None, ("check",)),
    Option("within", "str", None, "只列出此期限内到期的事项：7d（天）或 5wd（工作日）；逾期事项总是列出。", "--within", None,
           ("due",)),
    Option("accounts", "list", [], "只列出名称包含此文字的账号（逗号分隔，可重复）。", "--account", None, ("due",)),
    Option("units", "list", [], "只列出主办单位包含此文字的账号（逗号分隔，可重复）。", "--unit", None, ("due",)),
    Option("report_period", "str", None, "期间：2026Q3（季度）、2026H1、2026-07 或 2026。", "--period", None, ("report",)),
    Option("lexicons", "paths", [], "本单位词库文件（*.lexicon.yaml，可重复）。", "--lexicon", None, ("text",), short="-l"),
    Option("input_format", "str", None, "稿件格式 txt|md|docx|html（默认按扩展名，标准输入为 txt）。", "--input-format", None,
           ("text",)),
    Option("roster_preset", "str", None, "名册的列预设（默认按表头识别）：registry（全国政务新媒体信息报送系统）|roster（通用）。",
           "--preset", None, ("reconcile",)),
    Option("maps", "list", [], "名册的其他列：列名=字段（name、platform、account_id、host_unit、verified_subject、status、url），可重复。",
           "--map", None, ("reconcile",)),
    Option("compare", "str", None, "与上期对比：上期结果的 JSON 文件（report 或 check 的 --format json），"
           "或 git（从仓库历史取上期末的账号文件，不改动工作区）。", "--compare", None, ("report",)),
)

BY_KEY = {option.key: option for option in OPTIONS}
#: configuration-file key -> option (``[packs.<id>]`` tables are read with the ``packs`` key)
BY_CONFIG = {option.config: option for option in OPTIONS if option.config and "." not in option.config}


def options_of(command: str) -> list[Option]:
    return [option for option in OPTIONS if command in option.commands]
