"""Text from files on the terminal: control characters are shown, never obeyed."""

from __future__ import annotations

import re

# C0 controls except tab, DEL and C1 controls (ESC starts terminal escape sequences), and the
# Unicode bidi overrides that reorder what a reader sees.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`text` with control characters written as escapes ('\\x1b', '\\n')."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))
