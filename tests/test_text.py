"""Markdown escaping of users' text (table cells and captions on the pages)."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from monitor.text import escape_markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Andel 1-5-årige i dagtilbud", "Andel 1-5-årige i dagtilbud"),
        ("46,0 % (266)", "46,0 % (266)"),
        ("*vigtig*", "\\*vigtig\\*"),
        ("frivilligt_arbejde_18", "frivilligt\\_arbejde\\_18"),
        ("[klik](http://x)", "\\[klik\\](http://x)"),
        ("<b>fed</b>", "\\<b\\>fed\\</b\\>"),
        ("5 $ og 6 $", "5 \\$ og 6 \\$"),
        ("a | b", "a \\| b"),
        ("# overskrift", "\\# overskrift"),
        (None, ""),
    ],
)
def test_escape_markdown(text: str | None, escaped: str) -> None:
    assert escape_markdown(text) == escaped


@pytest.mark.parametrize("text", ["*vigtig*", "[klik](http://x)", "<b>fed</b>", "a_b_c", "`kode`"])
def test_escaped_text_renders_as_itself(text: str) -> None:
    # CommonMark (the dialect Streamlit renders) shows the escaped text as the original.
    html = MarkdownIt("commonmark").render(escape_markdown(text))
    shown = html.removeprefix("<p>").removesuffix("</p>\n")
    assert shown == text.replace("<", "&lt;").replace(">", "&gt;")
