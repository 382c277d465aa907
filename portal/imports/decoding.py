"""Bytes of an uploaded file to text: UTF-8 (with or without BOM) first, Windows and Latin-1
encodings only when UTF-8 fails, and a clear refusal for what is not text at all. Pure."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field

# Signatures of the files an administrator may pick by mistake, and what to call them.
MAGIC = (
    (b"PK\x03\x04", "un classeur Excel (.xlsx), OpenDocument ou une archive ZIP"),
    (b"\xd0\xcf\x11\xe0", "un ancien classeur Excel (.xls)"),
    (b"%PDF", "un document PDF"),
    (b"\x89PNG", "une image PNG"),
    (b"\xff\xd8\xff", "une image JPEG"),
    (b"GIF8", "une image GIF"),
    (b"\x1f\x8b", "une archive compressée (gzip)"),
)
FALLBACKS = ("cp1252", "latin-1")
ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}


class FileRefused(ValueError):
    """The file cannot be read at all; `note` is a constants.NOTES entry saying why."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.note = {"code": code, **params}


@dataclass
class Text:
    text: str
    encoding: str
    notes: list[dict] = field(default_factory=list)


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in ALLOWED_CONTROLS)
    return "\x00" in sample or controls > max(2, len(sample) // 1000)


def decode(data: bytes) -> Text:
    """The text of a file, and a note when it was not UTF-8. Raises FileRefused."""
    if not data.strip():
        raise FileRefused("empty")
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise FileRefused("binary", value=what)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Text(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise FileRefused("bad-encoding") from None
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
        notes: list[dict] = []
    except UnicodeDecodeError:
        for encoding in FALLBACKS:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        notes = [{"code": "encoding", "value": "Windows-1252" if encoding == "cp1252" else "Latin-1"}]
    if _looks_binary(text):
        raise FileRefused("bad-encoding" if notes else "binary", value="un fichier binaire")
    if not text.strip():
        raise FileRefused("empty")
    return Text(text, encoding, notes)


def separator(first_line: str) -> str:
    """The column separator of a CSV header: the most frequent of ; , and tab outside quotes."""
    counts = {sep: 0 for sep in (";", ",", "\t")}
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def csv_rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]], str]:
    """Header, rows as (line number in the file, {column: value}) and the separator; Windows
    line ends and quoted line breaks are read as a spreadsheet writes them. Blank lines are
    skipped; the line number is where the row starts."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    sep = separator(first)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=sep)
    header: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    start = 1
    for cells in reader:
        if not header:
            header = [c.strip() for c in cells]
        elif any(c.strip() for c in cells):
            values = {name: (cells[i].strip() if i < len(cells) else "")
                      for i, name in enumerate(header) if name}
            rows.append((start, values))
        start = reader.line_num + 1
    return header, rows, sep
