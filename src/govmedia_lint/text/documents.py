"""Drafts as text: txt, md, docx, html (and stdin), each with where its characters came from.

A ``TextDocument`` is the text the checks read and, for each character, its place in the file
(line and column, both from 1). For txt and md the text is the file's; html is read without its
tags (block elements end a line, link targets are read too, where they stand in the source);
docx is its paragraphs, one a line, each hyperlink's target after its paragraph.
"""

from __future__ import annotations

import bisect
import html
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Optional
from xml.etree import ElementTree

FORMATS = ("txt", "md", "docx", "html")
_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx",
             ".html": "html", ".htm": "html", ".xhtml": "html"}
DOCX_LIMIT = 50 * 1024 * 1024  # the unpacked document.xml


class DocumentError(Exception):
    """A file that cannot be read as a draft (exit 2)."""


@dataclass
class TextDocument:
    name: str
    text: str
    #: offsets of the text in the source (html); None: the text is the source
    origin: Optional[list[int]] = None
    #: the source the origin offsets point into (html), else the text
    source: Optional[str] = None
    #: docx: a line is a paragraph
    unit: str = "行"

    def __post_init__(self) -> None:
        base = self.source if self.source is not None else self.text
        self._newlines = [i for i, c in enumerate(base) if c == "\n"] if "\n" in base else []

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of the text's character at ``offset``, from 1."""
        if self.origin is not None:
            offset = self.origin[min(offset, len(self.origin) - 1)] if self.origin else 0
        line = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1


def format_of(name: str, given: Optional[str] = None) -> str:
    if given:
        return given
    for suffix, kind in _SUFFIXES.items():
        if name.lower().endswith(suffix):
            return kind
    return "txt"


def decode(raw: bytes, encoding: str = "utf-8") -> str:
    text = raw.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(name: str, raw: bytes, kind: str, encoding: str = "utf-8") -> TextDocument:
    try:
        if kind == "docx":
            return docx_document(name, raw)
        text = decode(raw, encoding)
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{name}：不是 {encoding} 编码（第 {exc.start + 1} 个字节无法解码），可用 --encoding gb18030") from None
    if kind == "html":
        return html_document(name, text)
    return TextDocument(name, text)


# ── html ──────────────────────────────────────────────────────────────────────────────────────────
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "section", "article", "h1", "h2", "h3",
          "h4", "h5", "h6", "blockquote", "pre", "hr", "header", "footer", "title", "figcaption", "dd", "dt"}
_TOKEN = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<[^>]*>|&#?[A-Za-z0-9]+;", re.DOTALL | re.IGNORECASE)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z0-9]+)")
_LINK_ATTR = re.compile(r"\b(?:href|src)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)


def html_document(name: str, source: str) -> TextDocument:
    chars: list[str] = []
    origin: list[int] = []

    def emit(text: str, at: int, step: int = 1) -> None:
        for index, char in enumerate(text):
            chars.append(char)
            origin.append(at + index * step)

    position = 0
    for token in _TOKEN.finditer(source):
        emit(source[position:token.start()], position)
        value = token.group()
        if value.startswith("&"):
            decoded = html.unescape(value)
            for char in decoded:
                chars.append(char)
                origin.append(token.start())
        elif not value.startswith("<!--") and not token.group(1):
            tag = _TAG_NAME.match(value)
            if tag and tag.group(1).lower() in _BLOCK:
                emit("\n", token.start())
            for attr in _LINK_ATTR.finditer(value):
                group = next(i for i in (1, 2, 3) if attr.group(i) is not None)
                target = html.unescape(attr.group(group))
                if target.startswith(("http://", "https://", "www.", "//")):
                    emit("\n", token.start())
                    emit(target, token.start() + attr.start(group))
                    emit("\n", token.start())
        position = token.end()
    emit(source[position:], position)
    return TextDocument(name, "".join(chars), origin, source)


_HTML_LIKE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9]*\b[^>]*|/[A-Za-z][A-Za-z0-9]*\s*)>")
_HREF = re.compile(r"\bhref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)


def post_text(source: str) -> str:
    """A post's text as the text store keeps it: an article's HTML (the WeChat API's ``content``, an exporter's
    column) without its tags, one paragraph a line, each link's target after its paragraph's text (images are
    not text); plain text as it is. Lines are stripped, empty lines dropped: the same article gives the same text
    whether it came as HTML or as text."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_LIKE.search(text):
        parts: list[str] = []
        links: list[str] = []
        position = 0
        for token in _TOKEN.finditer(text):
            parts.append(text[position:token.start()])
            value = token.group()
            if value.startswith("&"):
                parts.append(html.unescape(value))
            elif not value.startswith("<!--") and not token.group(1):
                for attr in _HREF.finditer(value):
                    target = html.unescape(next(g for g in attr.groups() if g is not None)).strip()
                    if target.startswith(("http://", "https://", "www.")):
                        links.append(target)
                tag = _TAG_NAME.match(value)
                if tag and tag.group(1).lower() in _BLOCK:
                    parts.append("\n")
                    parts.extend(f"{link}\n" for link in links)
                    links.clear()
            position = token.end()
        parts.append(text[position:])
        parts.extend(f"\n{link}" for link in links)
        text = "".join(parts)
    lines = (" ".join(line.replace("\u00a0", " ").split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# ── docx ──────────────────────────────────────────────────────────────────────────────────────────
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _part(archive: zipfile.ZipFile, name: str) -> Optional[bytes]:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > DOCX_LIMIT:
        raise DocumentError(f"{name} 超过 {DOCX_LIMIT // (1024 * 1024)} MB")
    return archive.read(info)


def docx_document(name: str, raw: bytes) -> TextDocument:
    """Paragraphs of word/document.xml (body, tables), one a line; each hyperlink's target follows its paragraph."""
    try:
        archive = zipfile.ZipFile(BytesIO(raw))
        body = _part(archive, "word/document.xml")
        rels = _part(archive, "word/_rels/document.xml.rels")
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocumentError(f"{name}：不是有效的 docx 文件（{exc}）") from None
    if body is None:
        raise DocumentError(f"{name}：不是有效的 docx 文件（没有 word/document.xml）")
    targets = {}
    try:
        if rels:
            for rel in ElementTree.fromstring(rels).iter(f"{_REL}Relationship"):
                if rel.get("TargetMode") == "External":
                    targets[rel.get("Id")] = rel.get("Target", "")
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise DocumentError(f"{name}：docx 内容无法解析（{exc}）") from None
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        parts, links = [], []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append(" ")
            elif node.tag == f"{_W}hyperlink" and node.get(f"{_R}id") in targets:
                links.append(targets[node.get(f"{_R}id")])
        lines.append("".join(parts) + "".join("\t" + link for link in links))
    return TextDocument(name, "\n".join(lines), unit="段")
