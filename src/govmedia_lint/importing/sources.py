"""The SOURCEs of ``govmedia-lint import``: files -> records.

Tabular sources are presets (``presets.yaml``); the two JSON sources (saved WeChat and Weibo API responses) walk
their documented response shapes here. No source writes a field its input does not carry: no editor, reviewer or
review record is ever derived, and ``original`` only where the platform states it (Weibo).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from .errors import ImportFailure
from .presets import Preset, Record, TableInfo, find_header, header_name, preset, presets, table_records, with_maps
from .readers import prefetch_table, read_bytes, read_json, read_table, sniff
from .values import FIELD_TYPES, from_epoch, to_body, to_when

PLATFORM_NAMES = {"wechat": "微信公众号", "weibo": "微博", "douyin": "抖音"}


@dataclass
class Loaded:
    """Records of the files of one import, and a line per file saying how it was read."""

    records: list[Record] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: int = 0
    #: what the skipped rows named instead of this account, counted
    others: dict[str, int] = field(default_factory=dict)
    #: a rectification ledger's items of this account (merged by ``rectifications``, not ``merge``), and what its
    #: routing says about the other rows (printed)
    rectifications: list[Record] = field(default_factory=list)
    routing: list[str] = field(default_factory=list)

    def skip(self, info: TableInfo) -> None:
        self.skipped += info.skipped
        for other, count in (info.others or {}).items():
            self.others[other] = self.others.get(other, 0) + count


Account = dict[str, Optional[str]]


def _check_platform(file: str, platform: Optional[str], account: Account, what: str) -> None:
    if platform and account.get("platform") and platform != account["platform"]:
        raise ImportFailure(file, f"这是{PLATFORM_NAMES.get(platform, platform)}的{what}，而登记文件中的账号平台为 "
                            f"{account['platform']}；请核对 --account")


def _table_note(path: Path, table, info: TableInfo, chosen: Preset) -> str:
    used = "，".join(f"{'/'.join(cols)}→{name}" for name, cols in info.columns.items())
    skipped = f"，{info.skipped} 行属于其他账号，已跳过" if info.skipped else ""
    return (f"{path}：{table.describe()}，预设 {chosen.name}，表头在第 {info.header_row} 行，"
            f"{info.rows} 行数据{skipped}（{used}）")


def _from_table(paths: list[Path], chosen: Preset, account: Account) -> Loaded:
    if chosen.collection == "rectifications":
        from .rectifications import read_ledger

        ledger = read_ledger(paths, chosen, account)
        return Loaded(notes=ledger.notes, rectifications=ledger.records, routing=ledger.routing)
    loaded = Loaded()
    for path in paths:
        table = read_table(path)
        _check_platform(str(path), chosen.platform, account, "导出文件")
        records, info = table_records(table, chosen, account)
        loaded.records += records
        loaded.skip(info)
        loaded.notes.append(_table_note(path, table, info, chosen))
    return loaded


def preset_source(name: str) -> Callable[[list[Path], dict[str, str], Optional[str], Account], Loaded]:
    def load(paths: list[Path], maps: dict[str, str], preset_name: Optional[str], account: Account) -> Loaded:
        return _from_table(paths, with_maps(preset(preset_name or name), maps), account)
    return load


#: column names a spreadsheet commonly has, read without ``--map`` by ``csv`` (a field's own name wins)
COMMON_COLUMNS = {"标题": "title", "发布时间": "date", "发布日期": "date", "发表时间": "date", "链接": "url",
                  "网址": "url", "收到时间": "received_at", "答复时间": "replied_at", "摘要": "summary"}


def generic(paths: list[Path], maps: dict[str, str], preset_name: Optional[str], account: Account) -> Loaded:
    """``csv``: a named preset, or columns named like the account file's fields, plus ``--map`` columns."""
    if preset_name:
        return _from_table(paths, with_maps(preset(preset_name), maps), account)
    for column, name in maps.items():
        if name not in FIELD_TYPES:
            raise ImportFailure("--map", f"{column}={name}：通用导入（csv）只有信息和留言的字段；整改台账请用 "
                                f"rectification-ledger 或 --preset rectification-ledger")
    loaded = Loaded()
    for path in paths:
        table = read_table(path)
        base = presets()["posts"]
        at = find_header(table, [*maps, "date", "received_at", *base.columns, *COMMON_COLUMNS])
        header = {header_name(cell) for cell in table.rows[at]}
        mapped = {**{name: name for name in FIELD_TYPES}, **COMMON_COLUMNS, **maps}
        header |= {COMMON_COLUMNS[c] for c in COMMON_COLUMNS if header_name(c) in header}
        messages = "received_at" in maps.values() or ("received_at" in header and "date" not in maps.values()
                                                      and "date" not in header)
        key = "received_at" if messages else "date"
        chosen = Preset(name="csv", collection="messages" if messages else "posts", unmatched="add",
                        header=[*maps, key, *(c for c, n in COMMON_COLUMNS.items() if n == key)], columns=mapped)
        records, info = table_records(table, chosen, account)
        loaded.records += records
        loaded.skip(info)
        loaded.notes.append(_table_note(path, table, info, chosen))
    return loaded


# ── WeChat API responses ────────────────────────────────────────────────────────────────────────────────────────

_MSGID = re.compile(r"^(\d+)_(\d+)$")


def _wechat_api(paths: list[Path], maps: dict[str, str], preset_name: Optional[str], account: Account) -> Loaded:
    """freepublish/batchget, datacube/getarticletotaldetail (JSON or JSON Lines) and comment/list, joined on mid/idx.

    getarticletotaldetail (the official list of 群发 and 发布, date only) is merged first, then batchget's times
    (the *last update* time, used only as the time of day of a post whose publishing day agrees), then comments.
    """
    _check_platform(str(paths[0]), "wechat", account, "接口数据")
    stages: dict[int, list[Record]] = {0: [], 1: [], 2: []}
    loaded = Loaded()
    for path in paths:
        docs, kind = read_json(path)
        counts: dict[str, int] = {}
        for number, doc in enumerate(docs, 1):
            row = number if kind == "jsonl" else None
            shape, records = _wechat_doc(str(path), doc, row)
            stages[{"getarticletotaldetail": 0, "freepublish": 1, "comment": 2}[shape]] += records
            counts[shape] = counts.get(shape, 0) + len(records)
        loaded.notes.append(f"{path}：{'JSON Lines' if kind == 'jsonl' else 'JSON'}，"
                            + "，".join(f"{shape} {n} 条" for shape, n in counts.items()))
    loaded.records = stages[0] + stages[1] + stages[2]
    return loaded


def _wechat_doc(file: str, doc: Any, row: Optional[int]) -> tuple[str, list[Record]]:
    if not isinstance(doc, dict):
        raise ImportFailure(file, "应为接口返回的 JSON 对象", row)
    if doc.get("errcode") not in (None, 0):
        raise ImportFailure(file, f"保存的是接口错误返回：errcode={doc.get('errcode')} {doc.get('errmsg', '')}", row)
    name = Path(file).name
    where = (lambda n: f"{name} 第 {row} 行第 {n} 条") if row else (lambda n: f"{name} 第 {n} 条")
    if isinstance(doc.get("item"), list):
        return "freepublish", _freepublish(file, doc["item"], where, row)
    if isinstance(doc.get("list"), list):
        return "getarticletotaldetail", _articletotal(file, doc["list"], where, row)
    if isinstance(doc.get("comment"), list):
        return "comment", _comments(file, doc["comment"], where, row)
    raise ImportFailure(file, "无法识别的 JSON：应为 freepublish/batchget（item）、"
                        "datacube/getarticletotaldetail（list）或 comment/list（comment）的返回内容", row)


def _when(file: str, value: Any, row: Optional[int], epoch: bool = False):
    try:
        return from_epoch(value) if epoch else to_when(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ImportFailure(file, f"时间无效：{exc}", row) from None


def _object(file: str, value: Any, what: str, row: Optional[int]) -> dict:
    """``value`` when it is a JSON object (or absent: ``{}``); anything else is an input error, never a traceback."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ImportFailure(file, f"{what} 应为 JSON 对象，实际为 {type(value).__name__}", row)
    return value


def _array(file: str, value: Any, what: str, row: Optional[int]) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportFailure(file, f"{what} 应为 JSON 数组，实际为 {type(value).__name__}", row)
    return value


def _freepublish(file: str, items: list, where, row) -> list[Record]:
    records = []
    for number, item in enumerate(items, 1):
        item = _object(file, item, f"第 {number} 个 item", row)
        content = _object(file, item.get("content"), f"第 {number} 个 item 的 content", row)
        news = _array(file, content.get("news_item"), f"第 {number} 个 item 的 news_item", row)
        if "update_time" not in item:
            raise ImportFailure(file, f"第 {number} 个 item 缺少 update_time", row)
        updated = _when(file, item["update_time"], row, epoch=True)
        for article in news:
            article = _object(file, article, f"第 {number} 个 item 的文章", row)
            fields: dict[str, Any] = {"date": updated}
            if article.get("title"):
                fields["title"] = str(article["title"]).strip()
            if article.get("url"):
                fields["url"] = str(article["url"]).strip()
            if article.get("is_deleted") or article.get("is_delete"):
                fields["deleted"] = True
            body = to_body(article.get("content")) if isinstance(article.get("content"), str) else None
            if body:
                fields["text"] = body  # the article's HTML (batchget without no_content), for the text store
            records.append(Record("posts", fields, where(number)))
    return records


def _articletotal(file: str, items: list, where, row) -> list[Record]:
    records = []
    for number, item in enumerate(items, 1):
        item = _object(file, item, f"第 {number} 条", row)
        if not item.get("ref_date"):
            raise ImportFailure(file, f"第 {number} 条缺少 ref_date", row)
        fields: dict[str, Any] = {"date": _when(file, item["ref_date"], row)}
        if item.get("title"):
            fields["title"] = str(item["title"]).strip()
        if item.get("content_url"):
            fields["url"] = str(item["content_url"]).strip()
        elif _MSGID.match(str(item.get("msgid", ""))):
            fields["post_id"] = str(item["msgid"])  # <mid>_<idx>: the same article as mid/idx in its URL
        records.append(Record("posts", fields, where(number)))
    return records


def _comments(file: str, comments: list, where, row) -> list[Record]:
    records = []
    for number, comment in enumerate(comments, 1):
        comment = _object(file, comment, f"第 {number} 条留言", row)
        if "create_time" not in comment:
            raise ImportFailure(file, f"第 {number} 条留言缺少 create_time", row)
        fields: dict[str, Any] = {"received_at": _when(file, comment["create_time"], row, epoch=True),
                                  "channel": "留言"}
        reply = _object(file, comment.get("reply"), f"第 {number} 条留言的 reply", row)
        if reply.get("create_time"):
            fields["replied_at"] = _when(file, reply["create_time"], row, epoch=True)
        if comment.get("content"):
            fields["summary"] = _short(comment["content"])
        records.append(Record("messages", fields, where(number)))
    return records


def _short(text: Any, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"


# ── Weibo ───────────────────────────────────────────────────────────────────────────────────────────────────────

_TAG = re.compile(r"<[^>]*>")


def _weibo(paths: list[Path], maps: dict[str, str], preset_name: Optional[str], account: Account) -> Loaded:
    """The API ``statuses`` JSON, or a weibo-crawler / weiboSpider CSV (by its header)."""
    loaded = Loaded()
    tables = []
    for path in paths:
        if sniff(read_bytes(path)) == "json":
            _check_platform(str(path), "weibo", account, "接口数据")
            docs, _ = read_json(path)
            before = len(loaded.records)
            for doc in docs:
                loaded.skipped += _statuses(str(path), doc, account, loaded.records)
            loaded.notes.append(f"{path}：微博接口 statuses JSON，{len(loaded.records) - before} 条")
        else:
            tables.append(path)
    for path in tables:
        chosen = preset_name or _weibo_table_preset(path)
        part = _from_table([path], with_maps(preset(chosen), maps), account)
        loaded.records += part.records
        loaded.notes += part.notes
        loaded.skipped += part.skipped
        for other, count in part.others.items():
            loaded.others[other] = loaded.others.get(other, 0) + count
    return loaded


def _weibo_table_preset(path: Path) -> str:
    table = read_table(path)
    for name in ("weibo-crawler", "weibo-spider"):
        try:
            find_header(table, presets()[name].header)
            return name
        except ImportFailure:
            continue
    raise ImportFailure(str(path), "不是可识别的微博数据：应为接口 statuses JSON、weibo-crawler CSV（含 bid 列）"
                        "或 weiboSpider CSV（含 微博id 列）")


def _statuses(file: str, doc: Any, account: Account, out: list[Record]) -> int:
    statuses = doc.get("statuses") if isinstance(doc, dict) else doc
    if not isinstance(statuses, list):
        raise ImportFailure(file, "应为微博接口返回的 {\"statuses\": [...]}")
    name = Path(file).name
    skipped = 0
    for number, status in enumerate(statuses, 1):
        if not isinstance(status, dict) or not status.get("created_at"):
            raise ImportFailure(file, f"第 {number} 条微博缺少 created_at")
        user_id = str(_object(file, status.get("user"), f"第 {number} 条微博的 user", None).get("id") or "")
        if account.get("account_id") and user_id and user_id != str(account["account_id"]):
            skipped += 1  # another account's status (a timeline holding several)
            continue
        fields: dict[str, Any] = {"date": _when(file, status["created_at"], None)}
        text = _TAG.sub("", str(status.get("text") or "")).strip()
        if text:
            fields["title"] = _short(text)
            fields["text"] = to_body(text)
        repost = status.get("retweeted_status")
        fields["original"] = not repost
        if repost:
            repost = _object(file, repost, f"第 {number} 条微博的 retweeted_status", None)
            source = _object(file, repost.get("user"), f"第 {number} 条微博转发的 user", None).get("screen_name")
            if source:
                fields["source"] = str(source)
        post_id = status.get("idstr") or status.get("mid") or status.get("id")
        if post_id:
            fields["post_id"] = str(post_id).strip()
        out.append(Record("posts", fields, f"{name} 第 {number} 条"))
    return skipped


#: the reader of each SOURCE; ``catalog.SOURCES`` names them and says what each reads
READERS: dict[str, Callable[[list[Path], dict[str, str], Optional[str], Account], Loaded]] = {
    "wechat-analytics": preset_source("wechat-analytics"),
    "wechat-api": _wechat_api,
    "weibo": _weibo,
    "douyin": preset_source("douyin"),
    "csv": generic,
    "review-ledger": preset_source("review-ledger"),
    "message-ledger": preset_source("message-ledger"),
    "rectification-ledger": preset_source("rectification-ledger"),
}


def prefetch(source: str, paths: list[Path]) -> None:
    """Start reading the first export if it is a workbook (the reader process reads it while the account file is
    opened); the JSON source reads no workbook."""
    if source != "wechat-api" and paths:
        prefetch_table(paths[0])
