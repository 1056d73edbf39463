"""What the client noticed of a store that its user should hear of, though nothing
failed: each said once, to whoever listens (the commands' standard error) and kept
for whoever asks later (the app, `doctor`)."""

from __future__ import annotations

from collections.abc import Callable

#: Said when an answer's JSON was found within text around it.
TEXT_AROUND = "the store adds text to its answers (a plugin prints into them); it was skipped"

Listener = Callable[[str], None]


class Remarks:
    """The remarks made so far, in order, each once."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self._listeners: list[Listener] = []

    def listen(self, listener: Listener) -> None:
        """Have `listener` hear each remark from now on."""
        self._listeners.append(listener)

    def say(self, remark: str) -> None:
        if remark in self.said:
            return
        self.said.append(remark)
        for listener in self._listeners:
            listener(remark)
