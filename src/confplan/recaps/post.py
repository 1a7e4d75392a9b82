"""A post as the linker reads it: numbered lines of text, the blocks they form,
the links it holds and the spans that may name a session.

- Markdown is parsed with markdown-it-py; its lines are the file's own lines.
- HTML is parsed with selectolax and turned into text, a line per block (paragraph,
  list item, heading, quote, table cell); that text is what the line numbers refer
  to, what is shown and what is kept in the user's data.
- Plain text is read as it is; its links are the URLs written out in it.

Nothing here prints: the text keeps whatever the post holds, and whoever shows it
makes it terminal-safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # both are imported when a post of their kind is read
    from markdown_it.token import Token
    from selectolax.lexbor import LexborNode

from confplan.errors import BadInputError
from confplan.htmltext import parse_body
from confplan.htmltext import words as _clean
from confplan.recaps.meta import PostMeta, front_matter, html_meta, mdx_hidden, without_jsx

MARKDOWN, HTML, TEXT = "markdown", "html", "text"
FORMATS = (MARKDOWN, HTML, TEXT)

_URL = re.compile(r"https?://[^\s<>\"'“”‘’)\]]+", re.IGNORECASE)
_QUOTED = re.compile(r"“([^”\n]{6,300})”|\"([^\"\n]{6,300})\"|‘([^’\n]{6,300})’")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<article|<p[\s>]|<div)", re.I)
_BLOCK_TAGS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "th", "dt", "dd"}
    | {"figcaption", "caption", "summary"}
)
_CONTAINERS = frozenset({"div", "section", "article", "main", "body", "header", "aside"})


@dataclass(frozen=True, slots=True)
class PostLink:
    line: int
    url: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, list item or heading: lines first..last (1-based)."""

    first: int
    last: int
    kind: str  # "paragraph", "item", "heading"


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text that may be a session's name: a quotation, a list item's head,
    a heading, a link's or an emphasis's text."""

    line: int
    text: str
    kind: str


@dataclass(slots=True)
class Post:
    kind: str
    lines: list[str]
    blocks: list[Block] = field(default_factory=list)
    links: list[PostLink] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    meta: PostMeta = field(default_factory=PostMeta)
    # Lines that are not the post's text (front matter, MDX statements): kept, so
    # that the line numbers stay the file's own, but never searched for sessions.
    hidden: frozenset[int] = frozenset()
    _by_line: list[Block | None] | None = None

    def block_of(self, line: int) -> Block:
        if self._by_line is None or len(self._by_line) != len(self.lines) + 1:
            self._by_line = [None] * (len(self.lines) + 1)
            for block in self.blocks:
                for number in range(block.first, min(block.last, len(self.lines)) + 1):
                    if self._by_line[number] is None:
                        self._by_line[number] = block
        found = self._by_line[line] if 0 < line < len(self._by_line) else None
        return found or Block(line, line, "paragraph")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def detect(name: str, raw: bytes) -> str:
    lowered = name.lower()
    if lowered.endswith((".md", ".markdown", ".mdown", ".mkd", ".mdx")):
        return MARKDOWN
    if lowered.endswith((".html", ".htm", ".xhtml")) or _HTML_SNIFF.match(raw[:2048]):
        return HTML
    return TEXT


def read_post(raw: bytes, name: str, kind: str | None = None) -> Post:
    """Parse a post (UTF-8; a byte that is not is replaced, never fatal)."""
    kind = kind or detect(name, raw)
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if kind == HTML:
        return _read_html(text)
    if kind == MARKDOWN:
        return _read_markdown(text, mdx=name.lower().endswith(".mdx"))
    return _read_text(text)


def _split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# -- plain text -------------------------------------------------------------------


def _text_blocks(lines: list[str]) -> list[Block]:
    """Runs of non-blank lines; a bulleted line starts a block of its own. A text
    whose lines are long (a line per paragraph, as copied from a web page) has a
    block per line."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if lengths and lengths[len(lengths) // 2] >= 80:
        return [
            Block(n, n, "item" if _BULLET.match(line) else "paragraph")
            for n, line in enumerate(lines, start=1)
            if line.strip()
        ]
    blocks: list[Block] = []
    start: int | None = None
    kind = "paragraph"
    for number, line in enumerate(lines, start=1):
        bullet = bool(_BULLET.match(line))
        if (not line.strip() or bullet) and start is not None:
            blocks.append(Block(start, number - 1, kind))
            start = None
        if line.strip() and start is None:
            start, kind = number, "item" if bullet else "paragraph"
    if start is not None:
        blocks.append(Block(start, len(lines), kind))
    return blocks


def _line_spans(number: int, line: str) -> list[Span]:
    spans = [
        Span(number, next(g for g in m.groups() if g), "quote") for m in _QUOTED.finditer(line)
    ]
    bullet = _BULLET.match(line)
    if bullet:
        spans.append(Span(number, line[bullet.end() :], "item"))
    return spans


def _read_text(text: str) -> Post:
    lines = _split_lines(text)
    skipped, meta = front_matter(lines)
    shown = [""] * skipped + lines[skipped:]
    post = Post(
        TEXT, lines, _text_blocks(shown), meta=meta, hidden=frozenset(range(1, skipped + 1))
    )
    for number, line in enumerate(shown, start=1):
        post.links.extend(
            PostLink(number, m.group(0).rstrip(".,;:!?")) for m in _URL.finditer(line)
        )
        post.spans.extend(_line_spans(number, line))
    return post


# -- Markdown ---------------------------------------------------------------------


def _read_markdown(text: str, *, mdx: bool = False) -> Post:
    from markdown_it import MarkdownIt

    lines = _split_lines(text)
    skipped, meta = front_matter(lines)
    hidden = set(range(1, skipped + 1)) | (mdx_hidden(lines) if mdx else set())
    post = Post(MARKDOWN, lines, meta=meta, hidden=frozenset(hidden))
    # What Markdown reads: the hidden lines blank (the numbers stay), JSX tags blank.
    source = "\n".join("" if n in hidden else line for n, line in enumerate(lines, start=1))
    parser = MarkdownIt("commonmark")
    tokens = parser.parse(without_jsx(source) if mdx else source)
    kinds: list[str] = []
    for token in tokens:
        if token.type in ("list_item_open", "heading_open", "paragraph_open"):
            kinds.append("item" if token.type == "list_item_open" else token.type.split("_")[0])
        if token.type == "inline" and token.map:
            first, last = token.map[0] + 1, token.map[1]
            kind = "item" if "item" in kinds[-2:] else (kinds[-1] if kinds else "paragraph")
            post.blocks.append(Block(first, max(first, last), kind))
            _markdown_inline(post, token.children or [], first, last, kind)
        if token.type in ("list_item_close", "heading_close", "paragraph_close") and kinds:
            kinds.pop()
        if token.type == "html_block" and token.map:
            for m in _URL.finditer(token.content):
                post.links.append(PostLink(token.map[0] + 1, m.group(0)))
    linked: dict[int, set[str]] = {}  # each line's links, gathered once: linear time
    for link in post.links:
        linked.setdefault(link.line, set()).add(link.url)
    for number, line in enumerate(lines, start=1):  # quotations, and bare URLs
        if number in hidden:
            continue
        post.spans.extend(s for s in _line_spans(number, line) if s.kind == "quote")
        known = linked.get(number, set())
        for m in _URL.finditer(line):
            url = m.group(0).rstrip(".,;:!?")
            if url not in known and not any(url in k for k in known):
                post.links.append(PostLink(number, url))
    return post


def _find_line(post: Post, first: int, last: int, needle: str) -> int:
    for number in range(first, last + 1):
        if needle and needle in post.lines[number - 1]:
            return number
    return first


def _markdown_inline(post: Post, children: list[Token], first: int, last: int, kind: str) -> None:
    texts: list[str] = []
    href: str | None = None
    emphasis: list[str] | None = None
    for child in children:
        if child.type == "link_open":
            href, texts = str(child.attrs.get("href", "")), []
        elif child.type == "link_close" and href is not None:
            label = "".join(texts).strip()
            line = _find_line(post, first, last, href)
            post.links.append(PostLink(line, href, label))
            if label:
                post.spans.append(Span(line, label, "link"))
            href = None
        elif child.type in ("em_open", "strong_open"):
            emphasis = []
        elif child.type in ("em_close", "strong_close") and emphasis is not None:
            label = "".join(emphasis).strip()
            if label:
                post.spans.append(Span(_find_line(post, first, last, label), label, "emphasis"))
            emphasis = None
        elif child.type == "image":
            src = str(child.attrs.get("src", ""))
            if src:
                post.links.append(PostLink(_find_line(post, first, last, src), src))
        elif child.type in ("text", "code_inline"):
            texts.append(child.content)
            if emphasis is not None:
                emphasis.append(child.content)
    if kind in ("item", "heading"):
        text = post.lines[first - 1]
        head = _BULLET.sub("", text).lstrip("#").strip()
        post.spans.append(Span(first, _strip_markup(head), kind))


def _strip_markup(text: str) -> str:
    """A Markdown line's words without the link targets and emphasis marks."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"(\*\*|__|\*|_|`)", "", text)


# -- HTML -------------------------------------------------------------------------


def _read_html(text: str) -> Post:
    deepest = _nesting(text)
    if deepest > MAX_NESTING:
        raise BadInputError(
            f"the page nests its elements {deepest:,} deep (confplan reads pages up to "
            f"{MAX_NESTING:,}): not a post it can read"
        )
    from selectolax.lexbor import LexborHTMLParser

    post = Post(HTML, [], meta=html_meta(LexborHTMLParser(text)))
    root = parse_body(text)
    if root is None:
        return post
    _walk_html(post, root)
    while post.lines and not post.lines[-1]:
        post.lines.pop()
    return post


# An HTML parser takes time growing with the square of the nesting depth (see
# htmltext): 40,000 nested <div>s take seconds. A post nests a few dozen deep.
MAX_NESTING = 2000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
# Elements that have no end, or that the next one of their kind ends: no deeper.
_FLAT = frozenset(
    "area base br col embed hr img input link meta source track wbr p li dt dd tr td th "
    "option optgroup rt rp thead tbody tfoot colgroup caption".split()
)


def _nesting(text: str) -> int:
    """How deep the page's elements nest, counted from its tags (one linear scan)."""
    depth = deepest = 0
    for found in _TAG.finditer(text):
        closing, tag, self_closing = found.groups()
        if self_closing or tag.lower() in _FLAT:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _walk_html(post: Post, node: LexborNode) -> None:
    """The blocks of the page in document order: walked with a stack of its own, so
    that a page nesting 100,000 <div>s is as readable as a flat one."""
    stack = [node.iter(include_text=True)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif not _take_html_node(post, child):
            stack.append(child.iter(include_text=True))


def _take_html_node(post: Post, child: LexborNode) -> bool:
    """Take one node's line (or embed); False when its children are to be walked."""
    tag = child.tag
    if tag == "-text":
        words = _clean(child.text(deep=False) or "")
        if words:  # loose text in a container: a line of its own
            _add_html_line(post, words, "paragraph", [], child)
    elif (tag in _BLOCK_TAGS or tag in _CONTAINERS) and not _has_block_child(child):
        kind = "item" if tag == "li" else "heading" if tag[:1] == "h" else "paragraph"
        words = _clean(child.text() or "")
        prefix = "- " if tag == "li" else ""
        if words:
            _add_html_line(post, prefix + words, kind, child.css("a[href]"), child)
    elif tag == "iframe" or tag == "video" or tag == "source":
        src = (child.attributes.get("src") or "").strip()
        if src:
            post.lines.append(f"[embedded: {src}]")
            post.links.append(PostLink(len(post.lines), src, "embedded"))
    elif tag == "a" and child.attributes.get("href"):
        _add_html_line(post, _clean(child.text() or ""), "paragraph", [child], child)
    elif tag != "br":
        return False
    return True


def _has_block_child(node: LexborNode) -> bool:
    return any(c.tag in _BLOCK_TAGS or c.tag in _CONTAINERS for c in node.iter())


def _add_html_line(
    post: Post, text: str, kind: str, anchors: list[LexborNode], node: LexborNode
) -> None:
    post.lines.append(text)
    number = len(post.lines)
    post.blocks.append(Block(number, number, kind))
    for anchor in anchors:
        href = (anchor.attributes.get("href") or "").strip()
        label = _clean(anchor.text() or "")
        if href:
            post.links.append(PostLink(number, href, label))
        if label:
            post.spans.append(Span(number, label, "link"))
    for em in node.css("em, strong, b, i, cite, q") if hasattr(node, "css") else []:
        label = _clean(em.text() or "")
        if label:
            post.spans.append(Span(number, label, "emphasis"))
    post.spans.extend(_line_spans(number, text))
    if kind == "heading":
        post.spans.append(Span(number, text, "heading"))
    post.lines.append("")  # a blank line between blocks, as the text is shown
