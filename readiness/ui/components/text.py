"""The one rule for showing text that came from a person or a file: it is shown as text.

Streamlit reads Markdown (and its own directives: ``:red[...]``, ``$...$`` for LaTeX) in
``st.markdown``, ``st.caption``, ``st.info``/``warning``/``error``/``success``, headings,
``st.table`` cells, and the labels of widgets, tabs, expanders, metrics, buttons and radio
options. A partnership name like ``![x](http://host/x.png)`` would then make every viewer's
browser fetch that image, and ``[Sign in again](https://...)`` would be a live link.

:func:`user_text` escapes every character that could make a link, an image, HTML, code,
emphasis, a table, LaTeX or a directive, so the text shows exactly as it was typed. Use it on
every string from a person or a file that goes into one of those places; the plain-text places
(``st.text``, ``st.dataframe`` cells, ``st.selectbox`` and ``st.multiselect`` options,
``st.text_input`` values) need nothing, and escaping them would show the backslashes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

#: Any ASCII punctuation character escaped with a backslash is shown as itself (CommonMark).
#: Escaped everywhere: what makes links and images (``[``, ``]``, and ``<`` for autolinks and
#: HTML), code, emphasis, tables, LaTeX (``$``), entities (``&``), and the backslash itself (so
#: a typed one cannot undo an escape). Parentheses, colons and full stops mean nothing without
#: a ``[`` before them and are left alone.
_ACTIVE = re.compile(r"""([\\`*\[\]<>~$&|])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])""")
#: GitHub's Markdown also turns bare ``http://...``, ``www....`` and ``name@host.org`` into
#: links, after escapes are resolved, so escaping cannot stop it: an invisible WORD JOINER
#: (U+2060) inside ``http://``, ``www.`` and after ``@`` breaks the pattern and shows nothing.
JOINER = "\u2060"
_BARE_LINK = re.compile(
    r"(?i)(?<=https)(?=://)|(?<=http)(?=://)|(?<=ftp)(?=://)|(?<=www)(?=\.)"
    r"|(?<=@)(?=[-\w])|(?<=mailto)(?=:)|(?<=xmpp)(?=:)"
)
#: A list, a heading or an underlined heading can only start a line.
_LINE_START = re.compile(r"^(\s*)([-+=#]|\d+(?=[.)]))")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def user_text(value: object) -> str:
    """``value`` as a string that Streamlit's Markdown shows exactly as written.

    Line breaks become spaces, so a value cannot start a heading, a list or a table.
    """
    text = _ACTIVE.sub(lambda m: "\\" + m.group(0), _LINE_BREAKS.sub(" ", str(value)))
    text = _BARE_LINK.sub(JOINER, text)
    return _escape_line_start(text)


def _escape_line_start(text: str) -> str:
    return _LINE_START.sub(
        lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2).isdigit() else "\\" + m.group(2)),
        text,
    )


def user_list(values: object, separator: str = ", ") -> str:
    """Several user strings joined for Markdown, each escaped."""
    items = values if isinstance(values, list | tuple | set | frozenset) else [values]
    return separator.join(user_text(v) for v in items)


def user_options(options: Mapping[str, str]) -> dict[str, str]:
    """Radio option labels (which Streamlit reads as Markdown), each escaped."""
    return {key: user_text(label) for key, label in options.items()}


def unescape(text: str) -> str:
    """What the reader sees for Markdown made by :func:`user_text` (for tests)."""
    return re.sub(r"\\(.)", r"\1", text.replace(JOINER, ""))


#: What makes a spreadsheet read a cell as a formula when the table is downloaded as CSV.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and headings cannot run as spreadsheet formulas.

    ``st.dataframe`` offers a CSV download of what it shows; a cell such as ``=HYPERLINK(...)``
    from an uploaded file would run when that CSV is opened in Excel. Such cells get a leading
    apostrophe (what Excel itself uses to mark text); numbers are left alone.
    """

    def safe(value: object) -> object:
        if isinstance(value, str) and len(value) > 1 and value.startswith(_FORMULA_START):
            return "'" + value
        return value

    out = frame.copy()
    out.columns = [safe(c) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or isinstance(out[column].dtype, pd.StringDtype):
            out[column] = out[column].map(safe)
    return out
