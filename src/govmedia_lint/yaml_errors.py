"""YAML parser messages (libyaml, ruamel.yaml) in Chinese: an input error never shows the parser's English."""

from __future__ import annotations

import errno
from typing import Optional

#: (fragment of the parser's text, what it means), the first matching fragment wins
PROBLEMS = [
    ("cannot start any token", "出现不能作为值开头的字符（常见原因：用 Tab 缩进，或以 @、` 开头的值没有加引号）"),
    ("tab character", "用了 Tab 缩进，请改用空格"),
    ("expected ',' or '}'", "缺少逗号或右花括号 }"),
    ("expected ',' or ']'", "缺少逗号或右方括号 ]"),
    ("end of stream", "文件意外结束（引号或括号没有闭合）"),
    ("mapping values are not allowed", "这里不能出现“键: 值”（常见原因：缩进不对，或值里有“: ”却没有加引号）"),
    ("expected key", "缩进没有对齐，找不到应有的键"),
    ("expected '-' indicator", "列表项缩进没有对齐（每项应以 - 开头并对齐）"),
    ("expected <block end>", "缩进没有对齐"),
    ("undefined alias", "使用了没有定义的别名（*名称）"),
    ("duplicate anchor", "锚点（&名称）重复定义"),
    ("could not find expected ':'", "找不到应有的冒号（常见原因：漏写冒号，或多行文本缩进不够）"),
    ("unknown escape character", "双引号里有无效的转义（反斜杠请写成 \\\\，或改用单引号）"),
    ("single document", "一个文件只能有一个 YAML 文档（请删除多余的 ---）"),
    ("found duplicate key", "重复的键"),
    ("found unhashable key", "键必须是简单的值"),
    ("control characters are not allowed", "文件中有不允许的控制字符"),
    ("special characters are not allowed", "文件中有不允许的特殊字符"),
]

#: (fragment of the parser's context, where it happened)
CONTEXTS = [
    ("flow mapping", "花括号映射 {…} 中"),
    ("flow sequence", "方括号列表 […] 中"),
    ("quoted scalar", "引号字符串中"),
    ("block scalar", "多行文本中"),
    ("block mapping", "映射中"),
    ("block collection", "列表中"),
    ("anchor", "锚点中"),
    ("alias", "别名中"),
    ("tag", "标签中"),
]


def _first(text: Optional[str], table: list[tuple[str, str]]) -> Optional[str]:
    return next((chinese for fragment, chinese in table if text and fragment in text), None)


def yaml_message(context: Optional[str], problem: Optional[str]) -> str:
    """'YAML 语法错误：…' in Chinese; our own (Chinese) problems are kept as they are."""
    if problem and not problem.isascii():
        return f"YAML 语法错误：{problem}"
    what = _first(f"{context or ''} {problem or ''}", PROBLEMS)
    where = (_first(context, CONTEXTS) or "") if what else ""
    what = what or "请检查这一行及上一行的缩进、冒号、引号和括号"
    return f"YAML 语法错误：{where}{what}"


_ERRNO = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个目录",
    errno.ELOOP: "符号链接循环",
    errno.EIO: "读取时发生输入输出错误",
}


def os_reason(exc: BaseException) -> str:
    """Why a file could not be read, in Chinese."""
    if isinstance(exc, OSError) and exc.errno in _ERRNO:
        return _ERRNO[exc.errno]
    text = str(exc)
    if not text.isascii():
        return text  # our own messages (a file over the size limit)
    if isinstance(exc, LookupError):
        return "未知的编码"
    return f"系统错误（errno {getattr(exc, 'errno', '?')}）"
