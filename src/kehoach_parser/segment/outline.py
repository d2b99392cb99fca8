"""Body blocks -> the nested outline (I. / 1. / 1.1. / a) / - / +), like a token stream made a tree."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import regexes as re

from ..errors import Warn
from .blocks import Block
from .labels import Label, int_to_roman, match_label
from .section_kinds import section_kind

NUMBERED = ("roman", "arabic", "decimal", "letter")

# Where a heading line ends and its body starts: "Mục đích: ..." or first sentence "Tổ chức ... . Sau đó"
_TITLE_END = re.compile(r":\s|:$|\.\s+(?=\p{Lu})|;\s")


@dataclass
class Node:
    label: Label
    block_index: int
    start: int
    end: int
    title: str
    text_parts: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = None
    path: str = ""
    kind: str | None = None
    heading_text: str = ""          # the full text of the labelled block (without the label)
    body_in_heading: bool = False   # text_parts[0] is the end of heading_text (the block split into title, body)
    block_indices: list[int] = field(default_factory=list)
    _text: str | None = field(default=None, repr=False, compare=False)

    @property
    def style(self) -> str:
        return self.label.style

    @property
    def text(self) -> str:
        """The body paragraphs, joined; read only once the outline is built (it is memoised, by hand:
        functools.cached_property takes a lock on every read before Python 3.12)."""
        if self._text is None:
            self._text = "\n".join(p for p in self.text_parts if p)
        return self._text

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def full_text(self) -> str:
        """Heading, body and all descendants; the body's start that is part of the heading's block once."""
        parts = [self.heading_text, *(self.text_parts[1:] if self.body_in_heading else self.text_parts)]
        for child in self.children:
            parts.append(child.full_text())
        return "\n".join(p for p in parts if p)


def split_title(rest: str, style: str) -> tuple[str, str]:
    """Split a labelled block into (title, body).

    Roman headings are all title; a numbered paragraph's title is its first line or sentence.
    """
    rest = rest.strip()
    if style == "roman":
        return rest.rstrip(" :."), ""
    m = _TITLE_END.search(rest)
    if m and m.start() > 0:
        return rest[: m.start()].strip(), rest[m.end():].strip()
    return rest.rstrip(" :."), ""


def build_outline(blocks: list[Block], body: range, warnings: list[str]) -> list[Node]:
    roots: list[Node] = []
    stack: list[Node] = []
    for index in body:
        block = blocks[index]
        label = match_label(block.text)
        if label is not None and block.cell and label.style != "roman":
            label = None
        if label is not None and stack and label.style == "roman" and len(label.label) == 1 and not block.upper:
            # "I." or "V." in ordinary text inside letter items is an upper-case letter item
            if any(n.style == "letter" for n in stack) and not any(n.style == "roman" for n in stack):
                label = None
        if label is None:
            if stack:
                stack[-1].text_parts.append(block.text)
                stack[-1].block_indices.append(index)
                stack[-1].end = block.end
            continue
        title, body_text = split_title(label.rest, label.style)
        node = Node(label, index, block.start, block.end, title, [body_text] if body_text else [],
                    heading_text=label.rest.strip(), body_in_heading=bool(body_text), block_indices=[index])
        _attach(node, stack, roots)
    _assign_paths(roots, "", warnings)
    for root in roots:
        root.kind = section_kind(root.title)
    return roots


def _attach(node: Node, stack: list[Node], roots: list[Node]) -> None:
    key = node.label.key
    same = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].label.key == key), None)
    if same is not None:
        open_node = stack[same]
        restart = node.label.ordinal == 1 and open_node.label.ordinal >= 1 and node.style != "bullet"
        # "1." again below a deeper item starts a nested list; otherwise it is a sibling
        if not (restart and node.style != "roman" and same < len(stack) - 1):
            del stack[same:]
    elif node.style == "bullet" and stack and stack[-1].label.parenthesized and _has_child_keyed(stack[-1].parent, key):
        # "- Thời gian hoàn thành: ..." after "(1) ... (3) ...": the bullets before the bracketed list go on
        while stack and stack[-1].label.parenthesized:
            stack.pop()
    elif node.style in NUMBERED:
        # numbered items never hang below bullets
        while stack and stack[-1].style == "bullet":
            stack.pop()
        # a roman heading is always top level
        if node.style == "roman":
            stack.clear()
    parent = stack[-1] if stack else None
    node.parent = parent
    (parent.children if parent else roots).append(node)
    stack.append(node)


def _has_child_keyed(node: Node | None, key: str) -> bool:
    return node is not None and any(child.label.key == key for child in node.children)


def _assign_paths(nodes: list[Node], prefix: str, warnings: list[str]) -> None:
    seen: dict[str, int] = {}
    counts: dict[str, int] = {}
    for node in nodes:
        style = node.style
        counts[style] = counts.get(style, 0) + 1
        if style == "bullet":
            component = f"{node.label.label}{counts[style]}"
        elif style == "decimal":
            component = node.label.label
        else:
            component = node.label.label.lower() if style == "letter" else node.label.label
        if component in seen and style != "bullet":
            if style == "roman":
                fixed = int_to_roman(counts[style])
            elif style in ("arabic", "decimal"):
                # a number written twice ("3.2." then "3.2."): this one and the ones after follow their position,
                # as a reader counts them ("3.3.", "3.4.")
                head, _, _ = component.rpartition(".")
                fixed = f"{head}.{counts[style]}" if head else str(counts[style])
                if fixed in seen:
                    fixed = f"{component}_{counts[style]}"
            else:
                fixed = f"{component}_{counts[style]}"
            warnings.append(Warn.W009.format(label=node.label.label, path=(prefix + "." if prefix else "") + fixed))
            component = fixed
        seen[component] = 1
        if style == "decimal":
            base = _decimal_base(node)
            node.path = f"{base}.{component}" if base else component
        else:
            node.path = f"{prefix}.{component}" if prefix else component
        _assign_paths(node.children, node.path, warnings)


def _decimal_base(node: Node) -> str:
    """Decimal items hang their full label under the nearest ancestor that is not arabic or decimal."""
    parent = node.parent
    while parent is not None and parent.style in ("arabic", "decimal"):
        parent = parent.parent
    return parent.path if parent is not None else ""
