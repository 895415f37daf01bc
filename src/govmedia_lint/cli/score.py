"""``score``: the packs' score sheets (南通 附件2/附件3) over the shared judgement, ranked."""

from __future__ import annotations

import json

import typer

from ..calendar_command import provisional_notice
from ..policy.pipeline import judge
from ..run.plan import plan_run
from .common import EXIT_ERROR, EXIT_FINDINGS, planned, stdout
from .options import PATHS, Invocation, command


def register(app: typer.Typer) -> None:
    @command(app, "score", formats=("table", "json"), arguments=[PATHS])
    def score(args: Invocation) -> None:
        """按规则包的评分指标给账号打分并排名（如南通附件2检查指标），附年度考核指标（附件3）。退出码：0 全部合格，1 有不合格，2 错误。"""
        from ..policy.scoring import score_dicts
        from ..render.scores import ranking_table
        from ..run.runner import check_files

        settings = args.settings(args["paths"])
        plan = planned(lambda: plan_run(settings, args["paths"], all_rules=True))  # a score needs every rule
        run = check_files(plan.files, plan.packset, plan.options, load_kwargs={"encoding": settings.encoding},
                          supervision=plan.supervision)
        judgement = planned(lambda: judge(run, plan))
        result, results, options = judgement.result, judgement.scores, plan.options
        provisional_notice(result.provisional_years)
        if settings.format == "json":
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
