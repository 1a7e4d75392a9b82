"""Keys handled in arrival order, against the focus of that moment.

In a burst of keys (a fast typist, a macro, tmux send-keys) such as
"/spotify⏎j", Textual hands each key to the widget focused when the key
arrives, and looks up that widget's ordinary bindings only after the key has
bubbled back up to the app: a key that moves the focus would take effect after
the keys behind it had already been handed out. So confplan's bindings are
priority bindings, which the app runs the moment their key arrives, and a key
that opens a screen or moves the focus has done so before the next key is
looked at. Bindings on keys that type text step aside (`check_action`) while a
text field has the focus, and the field then gets the key as usual.

A field handles the keys typed into it on its own message queue, a little
later: an action that reads a field or takes the focus away from it first
waits until the field has handled what was typed before (`settle`).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.widget import Widget

SETTLE_TIMEOUT_S = 2.0


async def settle(node: DOMNode | None) -> None:
    """Wait until `node` has handled every message sent to it so far.

    `call_later` runs its callback after every message already in the node's
    queue. A node that is closing takes no callback, and is not waited for; nor
    is one that stops before it gets there (the wait gives up after a while).
    """
    if node is None:
        return
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    if node.call_later(done.set_result, None):
        await asyncio.wait([done], timeout=SETTLE_TIMEOUT_S)


def takes_typing(widget: Widget | None) -> bool:
    """Whether the widget takes typed characters (a text field that can be edited)."""
    return widget is not None and widget.check_consume_key("a", "a")


def at_once(bindings: list[BindingType]) -> list[BindingType]:
    """The same bindings, as priority bindings (run the moment their key arrives)."""
    return [
        replace(binding, priority=True) if isinstance(binding, Binding) else binding
        for binding in bindings
    ]
