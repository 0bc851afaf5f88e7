"""Results that are rows: ``records()`` as plain dicts, ``to_pandas()`` (pandas is optional:
``pip install 'kg[pandas]'``) and an HTML table for Jupyter."""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["Table", "cell_text"]


def cell_text(value: Any) -> str:
    """A value as text in a table cell or a tooltip: lists joined with "; ", dates ISO."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class Table:
    """Mixed into each result dataclass that is rows."""

    def records(self) -> list[dict[str, Any]]:
        raise NotImplementedError(f"{type(self).__name__} defines no records()")

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (needs pandas: ``pip install 'kg[pandas]'``)."""
        try:
            import pandas as pd
        except ImportError:
            from .errors import NotSupported

            raise NotSupported("to_pandas() needs pandas: pip install 'kg[pandas]'") from None
        return pd.DataFrame.from_records(self.records())

    def _repr_html_(self) -> str:
        import html

        rows = self.records()
        if not rows:
            return "<p>(no rows)</p>"
        headers = list(rows[0])
        head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(cell_text(row.get(h)))}</td>" for h in headers) + "</tr>"
                       for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
