"""A problem found in an import file, located as the user sees it in Excel or an editor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Problem:
    """One error or warning: file, sheet, 1-based row (header counted), column, cell text."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    text: str | None
    message: str
    severity: Literal["fejl", "advarsel"] = "fejl"

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"ark '{self.sheet}'")
        if self.row is not None:
            where.append(f"række {self.row}")
        if self.column:
            where.append(f"kolonne '{self.column}'")
        if self.text is not None and self.text != "":
            where.append(f"tekst '{self.text}'")
        prefix = "Advarsel: " if self.severity == "advarsel" else ""
        return f"{prefix}{', '.join(where)}: {self.message}"
