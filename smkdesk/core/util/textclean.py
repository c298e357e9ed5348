"""Free text on its way into the library: no control characters.

Every text a person (or a file name, or another tool) gives smkdesk passes
through one of these before it is stored, and the report writers pass
everything they write through ``xml_safe``: a stray bell, an escape sequence
in a file name or a lone surrogate would otherwise make every Word document
fail (XML cannot hold them) and stay invisible everywhere else.

- ``one_line`` for labels (titles, names, accounts, keywords, searches):
  whitespace of any kind becomes one space; explicit bidi overrides and
  isolates go too. In a label they carry no content, only disguise it
  (``invoice\u202efdp.exe`` reads as "invoiceexe.pdf") and, unbalanced,
  reverse whatever is shown next to the label. Right-to-left text needs none
  of them; the implicit marks (LRM, RLM, ALM) stay.
- ``multi_line`` for prose (descriptions, notes, answers): tabs and line
  breaks stay, line ends become ``\\n``.
- ``xml_safe`` only removes what a document cannot hold (the report kit).

Removed everywhere: C0 controls but tab and line ends, DEL, the C1 controls
(U+0080-U+009F) and the non-characters U+FFFE/U+FFFF. A lone surrogate (a
file name that was not valid UTF-8) becomes U+FFFD, as in extracted text.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_LINE_END = re.compile(r"\r\n?|[\v\f]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML document cannot hold (and DEL, C1)."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text.replace("\v", "\n").replace("\f", "\n")))


def multi_line(text: str) -> str:
    """Prose: control characters removed, line ends unified to ``\\n``, trimmed."""
    return xml_safe(_LINE_END.sub("\n", text)).strip()


def one_line(text: str) -> str:
    """A label: control characters and bidi overrides removed, whitespace folded."""
    return " ".join(_BIDI.sub("", xml_safe(text)).split())
