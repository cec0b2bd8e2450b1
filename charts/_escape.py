"""User text in plotly labels: plotly renders a subset of HTML there (`<a href>`, `<b>`, `<br>`),
so names, categories and groups are escaped to stay text."""

from __future__ import annotations

from html import escape


def plain(text: str) -> str:
    """`text` with `&`, `<` and `>` escaped, so plotly shows it as typed and never as a link.

    >>> plain('<a href="https://example.com">me</a>')
    '&lt;a href="https://example.com"&gt;me&lt;/a&gt;'
    """
    return escape(str(text), quote=False)
