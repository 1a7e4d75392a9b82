"""HTML turned into text (htmltext.py), as imported abstracts and HTML recaps use it:
the same text as before for ordinary markup, and clean text from hostile markup."""

from __future__ import annotations

import pytest

from confplan.htmltext import MAX_TAGS, html_to_text


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One &amp; two</p><p>Three</p>", "One & two\n\nThree"),
        ("a<br>b", "a\nb"),
        ("<ul><li>one</li><li>two</li></ul>", "• one\n\n• two"),
        ("plain < 3 and > 2", "plain < 3 and > 2"),
        ("  spaced\u00a0out \t words ", "spaced out words"),
        ("<p></p>\n\n<div> </div>", None),
        ("", None),
        (None, None),
    ],
)
def test_ordinary_markup(fragment: str | None, text: str | None) -> None:
    assert html_to_text(fragment) == text


def test_what_a_reader_does_not_see_is_left_out() -> None:
    fragment = "x<script>alert(1)</script><style>p {}</style><template>t</template>y"
    assert html_to_text(fragment) == "xy"


def test_control_characters_are_left_out() -> None:
    fragment = "a\x00b\x07c\x1b[31md\x7f\x9b&#x1b;e"
    assert html_to_text(fragment) == "abc[31mde"
    every = "".join(map(chr, range(32))) + "\x7f" + "".join(map(chr, range(0x80, 0xA0)))
    assert html_to_text(f"<p>{every}x</p>") == "x"


@pytest.mark.parametrize("tag", ["div", "b", "li", "table"])
def test_deep_nesting(tag: str) -> None:
    fragment = f"<{tag}>" * 100_000 + "deep" + f"</{tag}>" * 100_000
    text = html_to_text(fragment)
    assert text is not None and "deep" in text
    assert all(line.strip() in ("", "deep", "•", "• deep") for line in text.splitlines())


def test_a_fragment_with_many_tags_keeps_all_its_text() -> None:
    words = [f"w{i}" for i in range(MAX_TAGS * 3)]
    fragment = "".join(f"<p>{w} &amp;</p>" for w in words)
    text = html_to_text(fragment)
    assert text is not None
    assert text.split("\n\n") == [f"{w} &" for w in words]


def test_a_huge_fragment() -> None:
    fragment = "<p>word &amp; more</p>" * 200_000
    text = html_to_text(fragment)
    assert text is not None and text.count("word & more") == 200_000
