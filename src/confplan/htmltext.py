"""HTML turned into plain text, with selectolax (its lexbor parser): the one place
confplan reads HTML, for imported abstracts and for the user's HTML recaps.

What is read is never trusted: scripts, styles and other parts a reader does not
see are dropped, entities are decoded, control characters are left out, and the
tree is walked with a stack of its own (no recursion). An HTML parser takes time
growing with the square of the nesting depth (each new element looks down the
stack of open ones: 100,000 nested divs take lexbor over ten seconds), so an
abstract with very many tags is parsed a slice of MAX_TAGS tags at a time: no
slice nests deeper than that, and the time stays in proportion to the length.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

# The parts of a page that are not its text.
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "nav", "form"})
# Elements that start a new line of an abstract (and end it).
_LINE_TAGS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr"})
_VOID_TAGS = frozenset({"br"})  # no end: one line break, not two
# Far more tags than an abstract has (a few dozen); a slice this deep parses in
# milliseconds.
MAX_TAGS = 1000
# C0 and C1 controls and DEL, but for those that are white space (line breaks,
# tabs: the lines and words are split on them).
_CONTROLS = dict.fromkeys(
    c for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)] if not chr(c).isspace()
)


def words(text: str) -> str:
    """`text` on one line, its runs of white space (any kind) as single spaces."""
    return " ".join(text.split())


def parse_body(html: str) -> LexborNode | None:
    """The body of an HTML document or fragment, without the parts that are not
    text (SKIP_TAGS); None for a document with no body at all."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    root: LexborNode | None = tree.body or tree.root
    if root is None:
        return None
    for tag in SKIP_TAGS:
        for node in root.css(tag):
            node.decompose()
    return root


def html_to_text(fragment: str | None) -> str | None:
    """Plain text from a fragment that may be HTML: entities decoded, tags dropped,
    a line per paragraph, list item or break (list items bulleted), runs of white
    space as one space, at most one blank line in a row. None when nothing is left."""
    if fragment is None or not fragment.strip():
        return None
    pieces: list[str] = []
    for piece in _slices(fragment):
        root = parse_body(piece)
        if root is not None:
            pieces += _pieces(root)
    text = "".join(pieces).replace("\xa0", " ").translate(_CONTROLS)
    lines = [words(line) for line in text.splitlines()]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip() or None


def _slices(fragment: str) -> list[str]:
    """`fragment` cut before every MAX_TAGS-th tag (the whole of it, most often)."""
    if fragment.count("<") <= MAX_TAGS:
        return [fragment]
    starts = [m.start() for m in re.finditer("<", fragment)][MAX_TAGS::MAX_TAGS]
    return [fragment[a:b] for a, b in zip([0, *starts], [*starts, len(fragment)], strict=True)]


def _pieces(root: Any) -> list[str]:
    """The text of every node under `root`, in document order, with a line break
    before and after each line-making element."""
    pieces: list[str] = []
    # A stack of nodes to enter, and of tags whose end is due (as strings).
    stack: list[Any] = [root.child] if root.child is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # the end of a line-making element
            pieces.append("\n")
            continue
        if node.next is not None:
            stack.append(node.next)
        tag = node.tag
        if tag == "-text":
            pieces.append(node.text_content or "")
            continue
        if tag in _LINE_TAGS:
            pieces.append("\n")
            if tag == "li":
                pieces.append("• ")
            if tag not in _VOID_TAGS:
                stack.append(tag)
        if node.child is not None:
            stack.append(node.child)
    return pieces
