"""A text file as lines, keeping every byte: BOM, line endings, a missing final newline; pure."""

from __future__ import annotations

from dataclasses import dataclass


class NotUtf8Error(ValueError):
    """The file is not UTF-8; `line` is the 1-based line of the first bad byte."""

    def __init__(self, line: int, detail: str):
        self.line = line
        super().__init__(detail)


@dataclass
class Document:
    """A text file as lines, keeping every byte: BOM, line endings, a missing final newline."""

    bom: str
    lines: list[str]
    endings: list[str]

    @classmethod
    def from_bytes(cls, data: bytes) -> Document:
        """Decode strictly as UTF-8 (with or without BOM)."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise NotUtf8Error(line, f"not UTF-8 (byte 0x{data[exc.start]:02x})") from None
        return cls.from_text(text)

    @classmethod
    def from_text(cls, text: str) -> Document:
        """Split on LF only; a CR before it is part of the ending, a lone CR stays in the line."""
        bom = ""
        if text.startswith("\ufeff"):
            bom, text = "\ufeff", text[1:]
        pieces = text.split("\n")
        last = pieces.pop()
        if "\r" not in text:  # the common case, without a loop in Python
            lines = pieces
            endings = ["\n"] * len(pieces)
        else:
            lines = []
            endings = []
            for piece in pieces:
                if piece.endswith("\r"):
                    lines.append(piece[:-1])
                    endings.append("\r\n")
                else:
                    lines.append(piece)
                    endings.append("\n")
        if last:
            lines.append(last)
            endings.append("")
        return cls(bom, lines, endings)

    def text(self) -> str:
        """The whole file again, byte for byte."""
        return self.bom + "".join(a + b for a, b in zip(self.lines, self.endings, strict=True))

    def newline(self) -> str:
        """The line ending this file mostly uses (for lines the runner inserts)."""
        crlf = self.endings.count("\r\n")
        lf = self.endings.count("\n")
        return "\r\n" if crlf > lf else "\n"

    def insert(self, index: int, new_lines: list[str]) -> None:
        """Insert lines before `index`, giving the previous last line an ending if it had none."""
        nl = self.newline()
        if index == len(self.lines) and self.lines and self.endings[-1] == "":
            self.endings[-1] = nl
            self.lines.extend(new_lines)
            self.endings.extend([nl] * (len(new_lines) - 1) + [""])
            return
        self.lines[index:index] = new_lines
        self.endings[index:index] = [nl] * len(new_lines)
