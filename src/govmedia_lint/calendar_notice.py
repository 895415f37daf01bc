"""The State Council's yearly notice 《国务院办公厅关于YYYY年部分节假日安排的通知》 read into calendar years.

The notice has a regular form: a title and an opening sentence naming the year and its holidays
("现将2026年元旦、春节、……和国庆节放假调休日期的具体安排通知如下"), then one numbered item per holiday
(or per pair, "六、中秋节、国庆节：…")::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    四、劳动节：5月1日放假，5月2日（星期一）补休。
    五、端午节：6月10日放假，与周末连休。

Anything this module cannot read with certainty is refused with the sentence quoted (``NoticeError``): a
date whose year the notice does not give, a range that does not have the days its "共N天" says, a weekday or
lunar day in parentheses that is not the date's, a sentence of an item that is none of the forms above, a
holiday named in the opening sentence without its item, an item without the holiday's statutory days.

The text may be a page saved from the government site (HTML) or its text, in simplified or traditional
characters, with full- or half-width punctuation: each sentence is read after conversion to simplified
characters (OpenCC) and NFKC (full-width digits and punctuation to half-width), and quoted as it was.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from .workdays import WorkCalendar

HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
WEEKDAYS = "一二三四五六日"
_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十", start=0)}


class NoticeError(Exception):
    """The notice cannot be read with certainty; the message quotes the sentence."""

    def __init__(self, message: str, sentence: Optional[str] = None):
        self.sentence = sentence
        super().__init__(f"无法确认：“{sentence}”——{message}" if sentence else message)


@dataclass
class Item:
    """One numbered item of the notice: its holidays, the days it gives off and the weekend days it makes working."""

    number: str
    names: tuple[str, ...]
    text: str  # as in the notice
    holidays: list[date] = field(default_factory=list)
    workdays: list[date] = field(default_factory=list)
    no_swap: bool = False  # "不调休"


@dataclass
class Notice:
    year: int
    title: Optional[str]
    document_number: Optional[str]
    items: list[Item]
    adjustment: bool = False  # 《国务院办公厅关于调整YYYY年劳动节假期安排的通知》: replaces the items it names

    def days(self) -> dict[int, tuple[frozenset[date], frozenset[date]]]:
        """Calendar years -> (days off, make-up working days): only the days the notice gives."""
        years: dict[int, tuple[set[date], set[date]]] = {}
        for item in self.items:
            for day in item.holidays:
                years.setdefault(day.year, (set(), set()))[0].add(day)
            for day in item.workdays:
                years.setdefault(day.year, (set(), set()))[1].add(day)
        years.setdefault(self.year, (set(), set()))
        return {y: (frozenset(off), frozenset(work)) for y, (off, work) in sorted(years.items())}


# ── reading the file ──────────────────────────────────────────────────────────────────────────────────

def decode_notice(raw: bytes) -> str:
    """The text of a saved notice: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; HTML to text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise NoticeError("文件既不是 UTF-8 也不是 GB18030 编码的文本") from None
    if re.search(r"<\s*(html|body|p|div|br|meta|title)\b", text[:200000], re.IGNORECASE):
        text = html_text(text)
    return text


_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section", "article",
           "table", "td", "ul", "ol", "center", "font"}


def html_text(markup: str) -> str:
    """The text of an HTML page, a line per paragraph (scripts and styles dropped)."""
    from html.parser import HTMLParser  # only `calendar import` reads HTML

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag in ("script", "style"):
                self.skip += 1
            elif tag in _BLOCKS and tag != "font":
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style"):
                self.skip = max(0, self.skip - 1)
            elif tag in _BLOCKS and tag != "font":
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data.replace("\r", " ").replace("\n", " "))

    parser = _Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


_converter = None


def normalize(text: str) -> str:
    """Simplified characters, half-width digits and punctuation, no whitespace: the form the patterns read."""
    global _converter
    if _converter is None:
        import opencc  # traditional -> simplified, phrase-aware (週→周, 節→节, 國慶→国庆)

        _converter = opencc.OpenCC("t2s")
    text = _converter.convert(text)
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u200b\ufeff]+", "", text)


# ── the notice's parts ────────────────────────────────────────────────────────────────────────────────

_HEADING_SPLIT = re.compile(r"(?<=[。.．：:])\s*(?=[一二三四五六七八九十]{1,2}\s*[、，,]\s*[^。：:\n]{1,16}[：:])")
_HEADING = re.compile(r"^([一二三四五六七八九十]{1,2})[、,]([^:。]{1,16}):(.*)$")
_TITLE = re.compile(r"关于(?:调整)?(\d{4})年(?:部分节假日|[^。,]{2,12}?假期)安排的通知")
_OPENING = re.compile(r"现将(\d{4})年(.{1,60}?)(?:放假|调休|假期|具体安排|的具体)")
_DOCUMENT = re.compile(r"国办发明电[〔\[(]\d{4}[〕\])]\d{1,3}号")
_DATE_SEEN = re.compile(r"\d{1,2}日|\d{1,2}月")


def _sentences(line: str) -> list[str]:
    """A paragraph's sentences, each with its full stop, as written."""
    parts = re.split(r"(?<=[。．｡])|(?<=\.)(?!\d)", line)
    return [p.strip() for p in parts if p.strip()]


def _paragraphs(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            lines.extend(p.strip() for p in _HEADING_SPLIT.split(line) if p.strip())
    return lines


def _names(part: str, sentence: str) -> tuple[str, ...]:
    names = tuple(n for n in re.split(r"[、,和与及]", part) if n)
    for name in names:
        if name not in HOLIDAYS:
            raise NoticeError(f"“{name}”不是《全国年节及纪念日放假办法》中全体公民放假的节日", sentence)
    return names


def parse_notice(text: str) -> Notice:
    """Read a notice's text (``decode_notice`` for a saved file); raises ``NoticeError``."""
    paragraphs = _paragraphs(text)
    normalized = [normalize(p) for p in paragraphs]
    opening_at = next((i for i, n in enumerate(normalized) if _OPENING.search(n)), None)
    titles = [(i, int(m.group(1))) for i, n in enumerate(normalized) for m in _TITLE.finditer(n)]
    year: Optional[int] = None
    listed: Optional[tuple[str, ...]] = None
    title: Optional[str] = None
    if opening_at is not None:
        found = _OPENING.search(normalized[opening_at])
        assert found
        year = int(found.group(1))
        before = [(i, y) for i, y in titles if i <= opening_at]
        if before and before[-1][1] != year:
            raise NoticeError(f"标题是 {before[-1][1]} 年的通知，正文却是 {year} 年的安排", paragraphs[opening_at])
        if before:
            title = paragraphs[before[-1][0]]
        listed = tuple(n for n in re.split(r"[、,和与及]", found.group(2)) if n)
        if not set(listed) <= set(HOLIDAYS):
            listed = None
    elif titles:
        years = {y for _i, y in titles}
        if len(years) > 1:
            raise NoticeError("文中有多个年份的通知标题（" + "、".join(str(y) for y in sorted(years))
                              + " 年），无法确定是哪一年的安排；请只保存一份通知")
        year = titles[0][1]
        title = paragraphs[titles[0][0]]
    document = next((m.group(0) for n in normalized for m in [_DOCUMENT.search(n)] if m), None)

    items: list[Item] = []
    start = (opening_at + 1) if opening_at is not None else 0
    index = start
    while index < len(paragraphs):
        heading = _HEADING.match(normalized[index])
        if heading is None:
            if items:
                # the item's paragraph may go on in the next one (a line break in the saved text)
                if _DATE_SEEN.search(normalized[index]) and re.search("放假|上班|补休|调休", normalized[index]):
                    items[-1].text += paragraphs[index]
                    index += 1
                    continue
                break
            index += 1
            continue
        names = _names(heading.group(2), paragraphs[index])
        items.append(Item(heading.group(1), names, paragraphs[index]))
        index += 1
    adjustment = False
    if not items and listed and len(listed) == 1 and opening_at is not None:
        # an adjustment of one holiday: its arrangement follows the opening sentence, unnumbered
        after = _tail(paragraphs[opening_at])
        body = [after] if _DATE_SEEN.search(normalize(after)) else []
        index = opening_at + 1
        while index < len(paragraphs) and _DATE_SEEN.search(normalized[index]) and re.search(
                "放假|上班|补休|调休", normalized[index]):
            body.append(paragraphs[index])
            index += 1
        if body:
            items.append(Item("", listed, "".join(body)))
            adjustment = True
    if not items:
        raise NoticeError("没有找到通知的条目（“一、元旦：……”）；请保存通知正文或其网页")
    named = [name for item in items for name in item.names]
    expected = listed or HOLIDAYS
    if sorted(named, key=HOLIDAYS.index) != sorted(expected, key=HOLIDAYS.index):
        missing = [n for n in expected if n not in named]
        extra = [n for n in named if n not in expected or named.count(n) > 1]
        raise NoticeError("通知列出的节日与条目不符："
                          + "；".join(filter(None, [missing and "缺少 " + "、".join(missing),
                                                    extra and "多出或重复 " + "、".join(dict.fromkeys(extra))])))

    numbers = [_numeral(item.number) for item in items if item.number]
    if not adjustment and numbers != list(range(1, len(items) + 1)):
        raise NoticeError("条目序号不连续（" + "、".join(item.number for item in items) + "），可能缺少条目")
    for number, item in enumerate(items, start=1):
        _read_item(item, year, last=number == len(items))
    _check_together(items, year)
    assert year is not None  # an item without a year is refused in _read_item
    return Notice(year, title, document, items, adjustment)


def _tail(paragraph: str) -> str:
    """What follows "通知如下：" in the same paragraph."""
    found = re.search(r"通知如下[：:。.]?", paragraph)
    return paragraph[found.end():].strip() if found else ""


def combine(notices: list[Notice]) -> Notice:
    """A year's notice with its later adjustments: each adjustment's item replaces the item of its holiday.

    The result must arrange every holiday: a calendar file replaces its year whole."""
    first, *later = notices
    items = list(first.items)
    for notice in later:
        if notice.year != first.year:
            raise NoticeError(f"{notice.title or '第二份通知'}是 {notice.year} 年的安排，"
                              f"与{first.title or '第一份通知'}（{first.year} 年）不是同一年")
        for item in notice.items:
            items = [old for old in items if not set(old.names) & set(item.names)]
            items.append(item)
    items.sort(key=lambda item: min(HOLIDAYS.index(n) for n in item.names))
    named = {name for item in items for name in item.names}
    if set(HOLIDAYS) - named:
        raise NoticeError(f"通知只安排了{'、'.join(n for n in HOLIDAYS if n in named)}；日历文件按整年替换，还需要"
                          f"{'、'.join(n for n in HOLIDAYS if n not in named)}的安排（调整通知请跟在原通知之后一起给出）")
    _check_together(items, first.year)
    return Notice(first.year, first.title, first.document_number, items, first.adjustment)


def _numeral(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _NUMERALS[text[1]]
    if len(text) == 2 and text.endswith("十"):
        return _NUMERALS[text[0]] * 10
    if len(text) == 2:
        return _NUMERALS[text[0]] * 10 + _NUMERALS[text[1]]
    return _NUMERALS[text]


# ── an item's sentences ───────────────────────────────────────────────────────────────────────────────

_DATE = r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?"
_ONE_DATE = re.compile(_DATE)
_COUNT = r"(?:共)?(\d{1,2}|[一二三四五六七八九十]{1,3})天"


@dataclass
class _Cursor:
    """The year and month a date without them takes: the previous date's, else the notice's year."""

    notice_year: Optional[int]
    sentence: str
    year: Optional[int] = None
    month: Optional[int] = None

    def resolve(self, match: re.Match) -> date:
        year_text, month_text, day_text, annotation = match.groups()
        if year_text:
            year = int(year_text)
        elif self.year is not None:
            year = self.year
        elif self.notice_year is not None:
            year = self.notice_year
        else:
            raise NoticeError("日期没有年份，通知也没有写明是哪一年的安排（标题或“现将YYYY年……”）", self.sentence)
        if month_text:
            month = int(month_text)
            if not year_text and self.month is not None and month < self.month:
                raise NoticeError(f"日期跨年（{self.month}月之后是{month}月），但没有写明年份", self.sentence)
        elif self.month is not None:
            month = self.month
        else:
            raise NoticeError(f"“{match.group(0)}”没有月份", self.sentence)
        try:
            day = date(year, month, int(day_text))
        except ValueError:
            raise NoticeError(f"{year}年{month}月没有{int(day_text)}日", self.sentence) from None
        if self.notice_year is not None and not self.notice_year - 1 <= year <= self.notice_year:
            raise NoticeError(f"{year} 年的日期不属于 {self.notice_year} 年的安排", self.sentence)
        if annotation is not None:
            _check_annotation(day, annotation, self.sentence)
        self.year, self.month = year, month
        return day


def _check_annotation(day: date, annotation: str, sentence: str) -> None:
    for part in filter(None, re.split(r"[、,]", annotation)):
        weekday = re.fullmatch(r"(?:星期|周|礼拜)([一二三四五六日天])", part)
        if weekday:
            written = WEEKDAYS.index(weekday.group(1).replace("天", "日"))
            if written != day.weekday():
                raise NoticeError(f"{day.year}年{day.month}月{day.day}日是星期{WEEKDAYS[day.weekday()]}，"
                                  f"通知写“{part}”", sentence)
            continue
        lunar = re.fullmatch(r"农历(.+)", part)
        if lunar:
            actual = _lunar_name(day)
            written = _lunar_written(lunar.group(1))
            if written is None:
                raise NoticeError(f"括号中的农历日期“{part}”无法识别", sentence)
            if written not in actual:
                raise NoticeError(f"{day.year}年{day.month}月{day.day}日是农历{actual[0]}，通知写“{part}”", sentence)
            continue
        raise NoticeError(f"括号中的“{part}”既不是星期也不是农历日期", sentence)


def _lunar_name(day: date) -> tuple[str, ...]:
    """The lunar date of ``day`` as the notices write it (腊月二十八; 除夕 for the eve of 正月初一)."""
    from lunar_python import Solar

    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    name = f"{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"
    following = Solar.fromYmd(*_ymd(day + timedelta(days=1))).getLunar()
    names = [name]
    if following.getMonth() == 1 and following.getDay() == 1:
        names.insert(0, "除夕")
    return tuple(names)


def _ymd(day: date) -> tuple[int, int, int]:
    return day.year, day.month, day.day


def _lunar_written(text: str) -> Optional[str]:
    if text in ("除夕", "大年三十"):
        return "除夕"
    found = re.fullmatch(r"(闰)?(正|一|二|三|四|五|六|七|八|九|十|冬|腊|十一|十二)月(.+)", text)
    if not found:
        return None
    month = {"一": "正", "十一": "冬", "十二": "腊"}.get(found.group(2), found.group(2))
    day = re.sub(r"^二十(?=[一二三四五六七八九])", "廿", found.group(3))
    if not re.fullmatch(r"初[一二三四五六七八九十]|十[一二三四五六七八九]|二十|廿[一二三四五六七八九]|三十", day):
        return None
    return f"{found.group(1) or ''}{month}月{day}"


def _count(text: str) -> int:
    if text.isdigit():
        return int(text)
    total = 0
    if "十" in text:
        tens, _, ones = text.partition("十")
        total = (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[ones] if ones else 0)
    else:
        total = _NUMERALS[text]
    return total


def _dates(text: str, cursor: _Cursor) -> Optional[list[date]]:
    """``D、D、D`` -> the dates, or None when ``text`` is not such a list."""
    pieces = text.split("、")
    if not all(_ONE_DATE.fullmatch(p) for p in pieces):
        return None
    return [cursor.resolve(_ONE_DATE.fullmatch(p)) for p in pieces]  # type: ignore[arg-type]


def _read_item(item: Item, notice_year: Optional[int], last: bool) -> None:
    """Read an item's sentences; a sentence without a date ends it (the closing paragraph, on the same line
    after the last item), and a dated sentence after one is refused (the item would be read in part)."""
    body = _tail(item.text) if not item.number and _tail(item.text) else item.text
    kept: list[str] = []
    ended: Optional[str] = None
    for sentence in _sentences(body):
        text = normalize(sentence)
        head = _HEADING.match(text) if not kept else None
        dated = _DATE_SEEN.search(head.group(3) if head else text)
        if ended is not None:
            if dated and not last:
                raise NoticeError(f"条目中有一句既不是放假也不是上班安排（“{ended}”），其后的日期无法确认属于此条目",
                                  sentence)
            continue
        if not dated and not text.startswith(("鼓励", "提倡")):
            ended = sentence
            continue
        _read_sentence(item, sentence, notice_year, head.group(3) if head else None)
        kept.append(sentence)
    item.text = "".join(kept)
    if not item.holidays:
        raise NoticeError("条目没有放假日期", item.text or body)


def _read_sentence(item: Item, sentence: str, notice_year: Optional[int], text: Optional[str] = None) -> None:
    """``text``: the sentence as normalized, less the item's heading (``sentence`` is what is quoted)."""
    text = (normalize(sentence) if text is None else text).rstrip("。.")
    if text.startswith(("鼓励", "提倡")):  # 2024: "鼓励各单位……安排职工在除夕（2月9日）休息": no day off
        return
    cursor = _Cursor(notice_year, sentence)
    off: list[date] = []
    stated: Optional[int] = None
    weekend_joined = no_swap = False
    clauses = [c for c in re.split(r"[,;]", text) if c]
    if not clauses:
        return
    for clause in clauses:
        found = re.fullmatch(rf"({_DATE})(?:至({_DATE}))?放假(?:调休)?(?:{_COUNT})?", clause)
        if found:
            first = cursor.resolve(_ONE_DATE.fullmatch(found.group(1)))  # type: ignore[arg-type]
            second = _ONE_DATE.fullmatch(found.group(6)) if found.group(6) else None
            last = cursor.resolve(second) if second else first
            if last < first:
                raise NoticeError(f"{last} 早于 {first}", sentence)
            off.extend(first + timedelta(days=n) for n in range((last - first).days + 1))
            if found.group(11):
                stated = _count(found.group(11))
            continue
        count = re.fullmatch(_COUNT, clause)
        if count:
            stated = _count(count.group(1))
            continue
        if clause == "与周末连休":
            weekend_joined = True
            continue
        if clause == "不调休":
            no_swap = True
            continue
        made_up = re.fullmatch(r"(.+)补休", clause)
        if made_up and (days := _dates(made_up.group(1), cursor)) is not None:
            for day in days:
                if day.weekday() >= 5:
                    raise NoticeError(f"补休日 {day} 是星期{WEEKDAYS[day.weekday()]}", sentence)
            off.extend(days)
            continue
        working = re.fullmatch(r"(.+)上班", clause)
        if working and (days := _dates(working.group(1), cursor)) is not None:
            for day in days:
                if day.weekday() < 5:
                    raise NoticeError(f"上班日 {day} 是星期{WEEKDAYS[day.weekday()]}，本就是工作日", sentence)
            item.workdays.extend(days)
            continue
        raise NoticeError(f"“{clause}”不是能读懂的放假或上班安排", sentence)
    if stated is not None and stated != len(off):
        shown = f"{off[0]} 至 {off[-1]}" if off else "没有日期"
        raise NoticeError(f"{shown} 共 {len(off)} 天，通知写“共{stated}天”", sentence)
    if weekend_joined and off:
        if not ((min(off) - timedelta(days=1)).weekday() == 6 or (max(off) + timedelta(days=1)).weekday() == 5):
            raise NoticeError(f"{min(off)} 至 {max(off)} 前后都不是周末，不能“与周末连休”", sentence)
    item.no_swap = item.no_swap or no_swap
    item.holidays.extend(off)


def _check_together(items: list[Item], notice_year: Optional[int]) -> None:
    from . import statutory

    seen: dict[date, Item] = {}
    for item in items:
        for day in item.holidays:
            if day in seen:
                raise NoticeError(f"{day} 在“{seen[day].text}”中已经放假", item.text)
            seen[day] = item
        if item.no_swap and item.workdays:
            raise NoticeError("写明“不调休”，却安排了上班日", item.text)
    working = {day: item for item in items for day in item.workdays}
    for day, item in working.items():
        if day in seen:
            raise NoticeError(f"{day} 既放假又上班", item.text)
    if notice_year is None or notice_year < statutory.LAWS[0][0]:
        return
    law = dict(statutory.statutory_days(notice_year))
    for item in items:
        for name in item.names:
            absent = [d for d in law[name] if d not in item.holidays]
            if absent:
                raise NoticeError(f"没有包括{name}的法定假日 " + "、".join(str(d) for d in absent)
                                  + f"（{statutory.law_for(notice_year)[1]}）", item.text)


# ── the calendar file ─────────────────────────────────────────────────────────────────────────────────

Years = dict[int, tuple[frozenset[date], frozenset[date]]]


def _works(day: date, off: frozenset[date], work: frozenset[date]) -> bool:
    return day in work or (day.weekday() < 5 and day not in off)


def calendar_years(notice: Notice, base: "WorkCalendar") -> tuple[Years, list[str]]:
    """The years a calendar file needs for ``notice``, and notes on the other year's days.

    A calendar file replaces a year whole, so the days a notice gives in the year before its own (元旦 from
    12月30日) are written as that whole year: ``base`` (the calendar otherwise used) with the notice's days;
    when they change nothing they are left out; when ``base`` has no official data for that year, refused.
    """
    from .workdays import PROVISIONAL, SOURCE_LABELS

    years: Years = {}
    notes: list[str] = []
    for year, (off, work) in notice.days().items():
        if year == notice.year:
            years[year] = (off, work)
            continue
        days = sorted(off | work)
        shown = f"{days[0]} 至 {days[-1]}" if len(days) > 1 else str(days[0])
        source = base.source(year)
        if source is not None and all(base.is_workday(d) == _works(d, off, work) for d in days):
            notes.append(f"通知也安排了 {year} 年的 {shown}，与现用日历（{SOURCE_LABELS[source]}）一致，未写出 {year} 年")
            continue
        if source in (None, PROVISIONAL):
            raise NoticeError(f"通知安排了 {year} 年的 {shown}，而 {year} 年没有官方日历可以补全（日历文件按整年替换）；"
                              f"请先用 --calendar 提供 {year} 年的日历再导入")
        base_off, base_work = set(), set()
        day = date(year, 1, 1)
        while day.year == year:
            if base.is_workday(day) and day.weekday() >= 5:
                base_work.add(day)
            elif not base.is_workday(day) and day.weekday() < 5:
                base_off.add(day)
            day += timedelta(days=1)
        years[year] = (frozenset((base_off - work) | off), frozenset((base_work - off) | work))
        notes.append(f"{year} 年：通知只安排了 {shown}，其余日期取自现用日历（{SOURCE_LABELS[source]}），"
                     "因为日历文件按整年替换")
    return dict(sorted(years.items())), notes


def render_calendar(notices: list[Notice], notice: Notice, years: Years, notes: list[str]) -> str:
    """The calendar file: each year's dates under the notice's own words."""
    lines = []
    for one in notices:
        title = one.title or f"{one.year} 年节假日安排的通知"
        lines.append(f"# {title}" + (f"（{one.document_number}）" if one.document_number else ""))
    lines.append("# 由 govmedia-lint calendar import 从通知原文生成；每组日期上方是通知的原文。")
    lines.extend(f"# {note}" for note in notes)
    for year, (off, work) in years.items():
        lines.append(f"{year}:")
        for key, days in (("holidays", off), ("workdays", work)):
            if not days:
                lines.append(f"  {key}: []")
                continue
            lines.append(f"  {key}:")
            placed: set[date] = set()
            for item in notice.items:
                mine = sorted(d for d in (item.holidays if key == "holidays" else item.workdays) if d in days)
                if mine:
                    lines.append(f"    # {item.text}" if key == "holidays" else f"    # {'、'.join(item.names)}")
                    lines.extend(f"    - {d.isoformat()}" for d in mine)
                    placed.update(mine)
            rest = sorted(days - placed)
            if rest:
                lines.append("    # 现用日历中的其余日期")
                lines.extend(f"    - {d.isoformat()}" for d in rest)
    return "\n".join(lines) + "\n"


_TOP_KEY = re.compile(r"^['\"]?(\d{4})['\"]?\s*:")


def _blocks(text: str) -> tuple[list[str], dict[int, list[str]]]:
    """A calendar file's text cut into the lines before any year, and each year's lines (with its comments)."""
    head: list[str] = []
    blocks: dict[int, list[str]] = {}
    pending: list[str] = []
    current: Optional[list[str]] = None
    for line in text.splitlines():
        key = _TOP_KEY.match(line)
        if key:
            current = blocks.setdefault(int(key.group(1)), [])
            current.extend(pending)
            pending = []
            current.append(line)
        elif line.startswith("#") or not line.strip():
            pending.append(line)
        elif current is not None:
            current.extend(pending)
            pending = []
            current.append(line)
        else:
            head.extend(pending)
            pending = []
            head.append(line)
    if current is None:
        head.extend(pending)
    elif pending:
        current.extend(pending)
    return head, blocks


def splice(existing: str, rendered: str) -> str:
    """``existing`` calendar file with the years of ``rendered`` replaced or added (the other years kept as written)."""
    _head, old = _blocks(existing)
    new_head, new = _blocks(rendered)
    merged = {year: lines for year, lines in old.items() if year not in new}
    first = min(new)
    new[first] = new_head + new[first]
    merged.update(new)
    out: list[str] = []
    for year in sorted(merged):
        lines = list(merged[year])
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if out:
            out.append("")
        out.extend(lines)
    return "\n".join(out) + "\n"
