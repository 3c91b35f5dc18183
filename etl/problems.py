"""A problem found in an import file, located as the user sees it in Excel or an editor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Problem:
    """One error ("fejl": nothing loads) or warning ("advarsel"): file, sheet, 1-based row as
    the user sees it (header counted), column as the file names it, and the cell's text."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    text: str | None
    message: str  # Danish
    severity: Literal["fejl", "advarsel"] = "fejl"

    def __str__(self) -> str:
        """'lbf.xlsx, ark 'Data', række 7, kolonne 'Andel' (tekst '12,3x'): ikke et tal'."""
        where = [self.file]
        if self.sheet:
            where.append(f"ark '{self.sheet}'")
        if self.row is not None:
            where.append(f"række {self.row}")
        if self.column:
            where.append(f"kolonne '{self.column}'")
        located = ", ".join(where)
        if self.text:
            located += f" (tekst '{self.text}')"
        prefix = "Advarsel: " if self.severity == "advarsel" else ""
        return f"{prefix}{located}: {self.message}"
