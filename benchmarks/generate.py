"""Write a synthetic, realistic province-scale register of account files.

    python benchmarks/generate.py 1000 --out /tmp/govmedia-bench/1000 [--seed 1] [--year 2025]

Accounts are spread over every jurisdiction that has a pack in ``rules/`` and over every
platform; host units (departments, townships, institutions) run one account per platform, a
few run two or name them inconsistently. Each account has a year of posts (on average ~360,
from a few dozen to over 1,000, with workday rhythm and holiday lulls) and of messages (~70),
filings, notices, offline periods, policy documents and incidents. A share of accounts carries
each kind of violation the packs check (late replies, idle gaps, unreviewed or commercial posts,
late filings, missing notices, over-long offline periods, incidents, duplicate or inconsistently
named accounts, internal-office hosts, missing staff …) and a few files have input errors.
Output is deterministic for a seed. Check it as of ``<year>-12-31``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PLATFORMS = ["wechat", "weibo", "douyin", "toutiao", "kuaishou", "xigua", "bilibili", "app", "miniprogram",
             "website", "other"]
#: how often each platform is chosen for a host unit's second, third … account
PLATFORM_WEIGHTS = [10, 6, 5, 2, 1, 1, 1, 1, 1, 1, 1]
DEPARTMENTS = [
    ("人民政府办公室", "发布", "government"), ("教育局", "教育", "department"), ("卫生健康局", "卫健", "department"),
    ("公安局", "公安", "department"), ("市场监督管理局", "市场监管", "department"),
    ("应急管理局", "应急", "department"), ("文化和旅游局", "文旅", "department"),
    ("人力资源和社会保障局", "人社", "department"), ("住房和城乡建设局", "住建", "department"),
    ("交通运输局", "交通", "department"), ("农业农村局", "农业农村", "department"), ("生态环境局", "生态环境", "department"),
    ("民政局", "民政", "department"), ("司法局", "司法", "department"), ("财政局", "财政", "department"),
    ("自然资源局", "自然资源", "department"), ("水利局", "水利", "department"), ("林业局", "林业", "department"),
    ("城市管理局", "城管", "department"), ("融媒体中心", "融媒", "institution"), ("医疗保障局", "医保", "department"),
    ("退役军人事务局", "退役军人", "department"), ("统计局", "统计", "department"), ("审计局", "审计", "department"),
    ("发展和改革委员会", "发改", "department"), ("科学技术局", "科技", "department"), ("商务局", "商务", "department"),
    ("政务服务中心", "政务服务", "institution"), ("人民医院", "人民医院", "institution"), ("中医院", "中医院", "institution"),
]
TOWN_SYLLABLES = "东西南北中新安平和兴福宁康乐永丰泰隆华清河山川桥湾坪塘岭石柳杨桃李梅竹松林"
TOWN_KINDS = ["镇", "乡", "街道"]
TITLES = ["政务要闻", "政策解读", "工作动态", "便民服务提示", "天气预警信息", "重点项目建设推进会", "招商引资动态",
          "民生实事进展", "常务会议召开", "防汛工作部署", "安全生产检查", "文明城市创建", "乡村振兴一线", "营商环境优化",
          "疫苗接种安排", "招聘公告", "政策问答", "办事指南", "领导活动报道", "典型经验交流"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建文斌宇浩凯健俊帆帅旭宁"
SUMMARIES = ["咨询办事材料", "反映路灯不亮", "咨询社保缴费", "反映噪音扰民", "咨询入学政策", "反映道路破损",
             "咨询公积金提取", "建议增设公交线路", "咨询医保报销", "反映物业纠纷"]
INCIDENTS = ["serious_wording_error", "secret_leak", "prohibited_content", "negative_opinion_incident", "fake_followers",
             "forced_engagement", "inappropriate_content", "comment_moderation_failure", "broken_function",
             "excessive_personal_data"]

#: share of accounts with each defect (a file can have several)
DEFECTS = {
    "idle_gap": 0.08, "low_volume": 0.06, "unreviewed_posts": 0.10, "commercial_ad": 0.03, "personal_opinion": 0.02,
    "repost_unapproved": 0.08, "backdated": 0.03, "editor_reviews": 0.04, "late_replies": 0.15, "late_ack": 0.10,
    "inappropriate_reply": 0.02, "late_change_filing": 0.10, "change_unregistered": 0.05, "no_open_filing": 0.03,
    "opened_this_year": 0.06, "short_notice": 0.5, "temp_offline_twice": 0.02, "long_offline": 0.02,
    "unapproved_offline": 0.03, "emergency_unreported": 0.02, "incident": 0.05, "late_interpretation": 0.05,
    "internal_office": 0.02, "special_event": 0.02, "verification_mismatch": 0.04, "no_leader": 0.03,
    "no_operators": 0.02, "management_gaps": 0.06, "interaction_off": 0.03, "wrong_menus": 0.05, "outsourced": 0.05,
    "closed_this_year": 0.02, "duplicate_platform": 0.02, "inconsistent_name": 0.03, "odd_name": 0.02,
    "input_error": 0.002,
}

#: the "many findings" register (a province's first run): more accounts with idle gaps, unreviewed and
#: unapproved posts, late replies and late filings; ~30 findings per account instead of ~3
MANY_FINDINGS = {**DEFECTS, "idle_gap": 0.6, "low_volume": 0.3, "unreviewed_posts": 0.8, "repost_unapproved": 0.6,
                 "editor_reviews": 0.3, "late_replies": 0.8, "late_ack": 0.6, "late_change_filing": 0.5,
                 "change_unregistered": 0.3, "late_interpretation": 0.3, "management_gaps": 0.3, "no_leader": 0.1}
PROFILES = {"few": DEFECTS, "many": MANY_FINDINGS}


def jurisdictions() -> list[tuple[str, str]]:
    """(pack id, place name) of every pack in rules/, read without the package."""
    found = []
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        ident = name = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("id:"):
                ident = line.split(":", 1)[1].strip()
            elif line.startswith("name:"):
                name = line.split(":", 1)[1].strip()
            if ident and name:
                break
        if ident:
            found.append((ident, name if name and ident != "national" else "云岭县"))
    return found


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def town_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.sample(TOWN_SYLLABLES, 2)) + rng.choice(TOWN_KINDS))
    return sorted(names)


def host_units(rng: random.Random, place: str, count: int) -> list[tuple[str, str, str]]:
    """(host unit, short account name, kind) for one jurisdiction."""
    units = [(f"{place}{dept}", f"{place}{short}", kind) for dept, short, kind in DEPARTMENTS]
    for town in town_names(rng, max(0, count - len(units))):
        units.append((f"{place}{town}人民政府" if not town.endswith("街道") else f"{place}{town}办事处",
                      f"{place}{town.removesuffix('街道').removesuffix('镇').removesuffix('乡')}", "township"))
    rng.shuffle(units)
    return units[:count]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def holidays_of(year: int) -> set[date]:
    try:
        import chinese_calendar

        return {d for d in (date(year, 1, 1) + timedelta(days=i) for i in range(366))
                if d.year == year and not chinese_calendar.is_workday(d)}
    except Exception:  # noqa: BLE001 - weekends only, without the package
        return {d for d in (date(year, 1, 1) + timedelta(days=i) for i in range(366)) if d.year == year and d.weekday() >= 5}


def add_workdays(day: date, n: int, off: set[date]) -> date:
    while n > 0:
        day += timedelta(days=1)
        if day not in off:
            n -= 1
    return day


def account_file(rng: random.Random, *, pack: str, unit: str, short: str, kind: str, platform: str,
                 year: int, off: set[date], defects: set[str], name: str) -> str:
    start, end = date(year, 1, 1), date(year, 12, 31)
    editor, reviewers = person(rng), [person(rng) for _ in range(3)]
    leader = reviewers[-1]
    opened = start + timedelta(days=rng.randrange(20, 200)) if "opened_this_year" in defects else \
        date(rng.randrange(2015, year), rng.randrange(1, 13), rng.randrange(1, 29))
    approved = opened - timedelta(days=rng.randrange(3, 40))
    if "unapproved_open" in defects:
        approved = opened + timedelta(days=3)
    closed = end - timedelta(days=rng.randrange(20, 120)) if "closed_this_year" in defects else None
    status = "closed" if closed else "active"
    out = [f"# synthetic account ({pack}) for the govmedia-lint benchmark", "schema: govmedia-lint/v1", "account:",
           f"  name: {name}", f"  platform: {platform}"]
    if platform == "wechat":
        out.append(f"  platform_kind: {rng.choice(['订阅号', '订阅号', '订阅号', '服务号'])}")
    out += [f"  account_id: acct_{rng.getrandbits(40):010x}", f"  jurisdiction: {pack}", f"  host_unit: {unit}",
            f"  host_unit_kind: {'internal_office' if 'internal_office' in defects else kind}",
            f"  verified_subject: {unit}",
            f"  verification_names_host: {'false' if 'verification_mismatch' in defects else 'true'}",
            f"  purpose: {'special_event' if 'special_event' in defects else 'regular'}", f"  status: {status}",
            f"  approved_on: {approved}", f"  opened_on: {opened}"]
    if closed:
        out.append(f"  closed_on: {closed}")
    out.append(f"  interaction_enabled: {'false' if 'interaction_off' in defects else 'true'}")
    if platform == "wechat":
        if "wrong_menus" in defects:
            out += ["  menus:", "    - {name: 最新动态, items: [要闻]}"]
        else:
            out += ["  menus:", "    - {name: 政务公开, items: [政务要闻, 政策文件]}",
                    f"    - {{name: 政务服务, items: [{'渝快办' if pack == 'qianjiang' else '办事指南'}]}}",
                    f"    - {{name: 互动交流, items: [{'公开信箱' if pack == 'qianjiang' else '留言咨询'}]}}"]
    out.append("  staff:")
    if "no_leader" not in defects:
        out.append(f"    leader: {{name: {leader}, phone: \"139{rng.randrange(10**8):08d}\", role: 分管负责人}}")
    out.append(f"    operators: [{'' if 'no_operators' in defects else editor + ', ' + person(rng)}]")
    out.append(f"    editors: [{editor}]")
    out.append(f"    reviewers: [{', '.join(reviewers)}]")
    if "outsourced" in defects:
        out += ["  outsourcing:", f"    vendor: {rng.choice(['某某文化传媒有限公司', '某某网络科技有限公司'])}",
                f"    has_news_license: {rng.choice(['true', 'false'])}",
                f"    confidentiality_agreement: {rng.choice(['true', 'false'])}"]
        if rng.random() < 0.5:
            out.append(f"    reported_on: {opened - timedelta(days=5)}")
    gaps = "management_gaps" in defects
    out += ["  management:", f"    managing_office: {'false' if gaps and rng.random() < 0.5 else 'true'}",
            f"    dedicated_staff: {'false' if gaps and rng.random() < 0.5 else 'true'}",
            f"    funding: {'false' if gaps else 'true'}", "    rules_in_place: true"]

    # filings
    out.append("filings:")
    if "no_open_filing" not in defects:
        filed = add_workdays(opened, rng.choice((1, 2, 3)), off) if opened.year == year else opened + timedelta(days=2)
        out.append(f"  - {{type: open, event_on: {opened}, filed_on: {filed}, registered_on: {filed + timedelta(days=1)}, "
                   f"approved_on: {approved}, approved_by: {_approver(pack)}, approval_ref: 政办函〔{approved.year}〕"
                   f"{rng.randrange(1, 200)}号}}")
    for _ in range(rng.choice((0, 1, 1, 2))):
        event = start + timedelta(days=rng.randrange(0, 330))
        filed = add_workdays(event, rng.randrange(6, 20) if "late_change_filing" in defects else 1, off)
        registered = "" if "change_unregistered" in defects else f", registered_on: {filed}"
        out.append(f"  - {{type: change, event_on: {event}, filed_on: {filed}{registered}, approved_on: {event}, "
                   f"approved_by: {_approver(pack)}, changed_fields: [{rng.choice(['name', 'contact', 'staff'])}], "
                   f"written: true}}")
    if closed:
        out.append(f"  - {{type: close, event_on: {closed}, filed_on: {add_workdays(closed, 2, off)}, "
                   f"registered_on: {add_workdays(closed, 3, off)}, approved_on: {closed - timedelta(days=10)}, "
                   f"approved_by: {_approver(pack)}}}")
    if "emergency_unreported" in defects:
        out.append(f"  - {{type: emergency_shutdown, event_on: {start + timedelta(days=100)}, written: false}}")
    # notices
    notices = []
    if opened.year == year or opened > start - timedelta(days=40):
        days = 10 if "short_notice" in defects else 40
        notices.append(f"  - {{kind: opening, posted_on: {opened}, removed_on: {opened + timedelta(days=days)}, "
                       f"placement: homepage_prominent, channel: portal}}")
    if closed:
        notices.append(f"  - {{kind: closure, posted_on: {closed - timedelta(days=45)}, placement: homepage_pinned, "
                       f"channel: portal}}")
    if notices:
        out += ["notices:", *notices]
    # offline periods
    periods = []
    if "temp_offline_twice" in defects or "long_offline" in defects or "unapproved_offline" in defects:
        first = start + timedelta(days=rng.randrange(30, 150))
        length = 45 if "long_offline" in defects else 10
        approved_line = "" if "unapproved_offline" in defects else f", approved_on: {first - timedelta(days=5)}"
        periods.append(f"  - {{start: {first}, end: {first + timedelta(days=length)}, kind: temporary{approved_line}, "
                       f"reason: 系统升级}}")
        if "temp_offline_twice" in defects:
            second = first + timedelta(days=120)
            periods.append(f"  - {{start: {second}, end: {second + timedelta(days=7)}, kind: temporary, "
                           f"approved_on: {second - timedelta(days=3)}, reason: 内容整改}}")
    if "emergency_unreported" in defects:
        day = start + timedelta(days=100)
        periods.append(f"  - {{start: {day}, end: {day + timedelta(days=2)}, kind: emergency, reason: 网络安全事件}}")
    if periods:
        out += ["offline_periods:", *periods]
    # policy documents
    if rng.random() < 0.3 or "late_interpretation" in defects:
        out.append("policy_documents:")
        for _ in range(rng.randrange(1, 4)):
            issued = start + timedelta(days=rng.randrange(0, 300))
            late = "late_interpretation" in defects
            published = add_workdays(issued, rng.randrange(25, 40) if late else rng.randrange(2, 15), off)
            out.append(f"  - {{title: {_q(rng.choice(TITLES) + '实施办法')}, issued_on: {issued}, needs_interpretation: true, "
                       f"interpretation_published_on: {published}}}")
    # incidents
    if "incident" in defects:
        out.append("incidents:")
        for _ in range(rng.randrange(1, 3)):
            out.append(f"  - {{kind: {rng.choice(INCIDENTS)}, date: {start + timedelta(days=rng.randrange(0, 360))}, "
                       f"description: 监测发现, count: {rng.randrange(1, 3)}}}")
    # messages
    live_from = max(start, opened)
    live_to = min(end, closed - timedelta(days=1)) if closed else end
    message_count = max(0, int(rng.lognormvariate(3.9, 0.8)))  # mean ~70
    if message_count:
        out.append("messages:")
        span = max(1, (live_to - live_from).days)
        for _ in range(message_count):
            day = live_from + timedelta(days=rng.randrange(span))
            received = datetime(day.year, day.month, day.day, rng.randrange(7, 23), rng.randrange(60))
            ack_days = rng.randrange(2, 5) if "late_ack" in defects and rng.random() < 0.3 else rng.choice((0, 1))
            reply_days = rng.randrange(7, 15) if "late_replies" in defects and rng.random() < 0.2 else rng.randrange(1, 5)
            ack = datetime.combine(add_workdays(day, ack_days, off), received.time()) if ack_days else \
                received + timedelta(hours=2)
            reply = datetime.combine(add_workdays(day, reply_days, off), datetime.min.time()) + timedelta(hours=16)
            bad = ", inappropriate_reply: true" if "inappropriate_reply" in defects and rng.random() < 0.05 else ""
            out.append(f"  - {{received_at: {received:%Y-%m-%d %H:%M}, acknowledged_at: {ack:%Y-%m-%d %H:%M}, "
                       f"replied_at: {reply:%Y-%m-%d %H:%M}, channel: 留言, summary: {rng.choice(SUMMARIES)}{bad}}}")
    # posts
    rate = rng.lognormvariate(0.0, 0.55) * (0.25 if "low_volume" in defects else 1.0)  # posts per live day ~1.0
    gap = None
    if "idle_gap" in defects:
        gap_start = live_from + timedelta(days=rng.randrange(0, max(1, (live_to - live_from).days - 30)))
        gap = (gap_start, gap_start + timedelta(days=rng.randrange(16, 30)))
    out.append("posts:")
    day = live_from
    while day <= live_to:
        if gap and gap[0] <= day <= gap[1]:
            day += timedelta(days=1)
            continue
        expected = rate * (1.3 if day not in off else 0.4)
        count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
        for _ in range(count):
            moment = datetime(day.year, day.month, day.day, rng.randrange(7, 22), rng.choice((0, 15, 30, 45)))
            original = rng.random() > 0.2
            fields = [f"date: {moment:%Y-%m-%d %H:%M}", f"title: {_q(short + rng.choice(TITLES))}",
                      f"original: {'true' if original else 'false'}"]
            if not original:
                approved_source = not ("repost_unapproved" in defects and rng.random() < 0.3)
                fields += [f"source: {rng.choice(['新华社', '人民日报', '央视新闻', '某自媒体'])}", "source_credited: true",
                           f"source_approved: {'true' if approved_source else 'false'}"]
            if "commercial_ad" in defects and rng.random() < 0.01:
                fields.append("commercial_ad: true")
            if "personal_opinion" in defects and rng.random() < 0.01:
                fields.append("personal_opinion: true")
            fields.append(f"editor: {editor}")
            if "unreviewed_posts" in defects and rng.random() < 0.05:
                fields.append("reviewers: []")
            elif "editor_reviews" in defects and rng.random() < 0.05:
                fields.append(f"reviewers: [{editor}, {reviewers[0]}]")
            else:
                fields.append(f"reviewers: [{', '.join(reviewers)}]")
            fields.append("review_record_kept: true")
            if "backdated" in defects and rng.random() < 0.02:
                fields.append(f"declared_date: {day - timedelta(days=3)}")
            out.append("  - {" + ", ".join(fields) + "}")
        day += timedelta(days=1)
    text = "\n".join(line for line in out if line != "") + "\n"
    if "input_error" in defects:
        text = text.replace("  opened_on:", "  opend_on:", 1)
    return text


def _approver(pack: str) -> str:
    return {"jiaxian": "省政府办公厅", "qianjiang": "市政府办公厅"}.get(pack, "市政府办公室")


def generate(count: int, out: Path, *, seed: int = 1, year: int = 2025, profile: str = "few") -> dict[str, int]:
    """Write ``count`` account files under ``out``; ``profile``: "few" findings (~3 per account) or "many" (~30)."""
    shares = PROFILES[profile]
    rng = random.Random(seed)
    off = holidays_of(year)
    places = jurisdictions()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    per_place = [count // len(places) + (1 if i < count % len(places) else 0) for i in range(len(places))]
    totals = {"files": 0, "bytes": 0, "posts": 0, "messages": 0}
    for (pack, place), n in zip(places, per_place):
        folder = out / pack
        folder.mkdir()
        units = host_units(rng, place, max(1, n // 2 + 1))
        made = 0
        seen_names: set[str] = set()
        while made < n:
            unit, short, kind = units[made % len(units)] if made < len(units) else rng.choice(units)
            defects = {d for d, share in shares.items() if rng.random() < share}
            platform = PLATFORMS[made // len(units) % len(PLATFORMS)] if made >= len(units) else "wechat"
            if made >= len(units):
                platform = rng.choices(PLATFORMS, PLATFORM_WEIGHTS)[0] if rng.random() < 0.3 else platform
            name = short + ("发布" if kind == "government" else "")
            if "inconsistent_name" in defects:
                name = name + rng.choice(["微博", "资讯", "在线"])
            if "odd_name" in defects:
                name = rng.choice(["小城故事", "晨光说", "身边事"]) + str(rng.randrange(100))
            filename = f"{name}-{platform}"
            while filename in seen_names:
                filename += "-2"
            seen_names.add(filename)
            text = account_file(rng, pack=pack, unit=unit, short=short, kind=kind, platform=platform, year=year,
                                off=off, defects=defects, name=name)
            (folder / f"{filename}.yaml").write_text(text, encoding="utf-8")
            totals["files"] += 1
            totals["bytes"] += len(text.encode("utf-8"))
            totals["posts"] += text.count("\n  - {date: ")
            totals["messages"] += text.count("\n  - {received_at: ")
            made += 1
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("accounts", type=int, help="number of account files")
    parser.add_argument("--out", type=Path, help="output folder (default /tmp/govmedia-bench/<accounts>)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=2025, help="the year of posts and messages (check as of its end)")
    parser.add_argument("--findings", choices=sorted(PROFILES), default="few",
                        help="few (~3 per account) or many (~30 per account: a province's first run)")
    args = parser.parse_args(argv)
    out = args.out or Path("/tmp/govmedia-bench") / (str(args.accounts) if args.findings == "few"
                                                       else f"{args.findings}-{args.accounts}")
    totals = generate(args.accounts, out, seed=args.seed, year=args.year, profile=args.findings)
    print(f"{out}: {totals['files']} files, {totals['bytes'] / 1e6:.1f} MB, {totals['posts']} posts, "
          f"{totals['messages']} messages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
