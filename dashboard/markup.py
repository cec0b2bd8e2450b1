"""User text in Streamlit's Markdown: shown as typed, never as links, images, HTML or formatting."""

from __future__ import annotations

import re

# Markdown's own marks and `@` (GFM e-mail autolinks) always; `:` where it starts a Streamlit
# directive (`:red[...]`, `:material/icon:`, `:smile:`) or a bare link's `://`; `$` when there are
# two (LaTeX between them). CommonMark shows a backslash-escaped punctuation character literally,
# so plain text such as `$9.3M at P50: 5 (0,0)` stays as it is.
_MARKS = re.compile(r"([\\`*_{}\[\]<>#!|~@])")
_COLON = re.compile(r":(?=[\w-]*\\?[\[:/])")
_WWW = re.compile(r"(?i)\b(www)\.")
_LINE_START = re.compile(r"^([ \t]*)([-+=]|[0-9]+(?=[.)](?:[ \t]|$)))([.)]?)", re.MULTILINE)


def md(text: object) -> str:
    """`text` escaped for st.markdown, st.title, st.caption, st.error and widget labels.

    >>> md("[x](https://evil.example) *b*")
    '\\\\[x\\\\](https\\\\://evil.example) \\\\*b\\\\*'
    >>> md("see www.evil.example")
    'see www\\\\.evil.example'
    >>> md("costs $9.3M more at P50: (0,0)")
    'costs $9.3M more at P50: (0,0)'
    >>> md(":red[x] $1 and $2")
    '\\\\:red\\\\[x\\\\] \\\\$1 and \\\\$2'
    """
    escaped = _COLON.sub(r"\\:", _WWW.sub(r"\1\\.", _MARKS.sub(r"\\\1", str(text))))
    if escaped.count("$") > 1:
        escaped = escaped.replace("$", "\\$")
    return _LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(start: re.Match[str]) -> str:
    indent, mark, after = start.groups()
    return f"{indent}{mark}\\{after}" if after else f"{indent}\\{mark}"


def md_lines(text: object) -> str:
    """Each line of `text` escaped and shown as a bullet (for lists of problems)."""
    return "\n".join(f"- {md(line)}" for line in str(text).splitlines())
