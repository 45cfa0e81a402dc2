"""Placeholder until the transcript branch lands: split on <!-- frame N --> markers."""
import re

_MARK = re.compile(r"<!--\s*frame\s+(\d+)\s*-->[ \t]*\n?")


def frame_texts(text: str) -> dict[int, str]:
    parts = {}
    marks = list(_MARK.finditer(text))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        parts[int(m.group(1))] = text[m.end():end]
    return parts
