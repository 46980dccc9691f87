"""Editing the shipped ``config.toml`` for a test process, as an operator would: set keys in
their section, keeping the file's comments and every other value."""

from __future__ import annotations

import re


def with_values(text: str, section: str, values: dict[str, str]) -> str:
    """``text`` with each ``key = value`` of ``values`` (TOML literals) set in ``[section]``:
    an existing key's line is replaced, a missing key is added at the section's end; a
    missing section is added at the end of the file."""
    header = re.search(rf"(?m)^\[{re.escape(section)}\]\s*$", text)
    if header is None:
        lines = "".join(f"{key} = {value}\n" for key, value in values.items())
        return f"{text.rstrip()}\n\n[{section}]\n{lines}"
    start = header.end()
    following = re.search(r"(?m)^\[", text[start:])
    end = start + following.start() if following else len(text)
    body = text[start:end]
    for key, value in values.items():
        line = re.compile(rf"(?m)^{re.escape(key)}\s*=.*$")
        if line.search(body):
            body = line.sub(f"{key} = {value}", body, count=1)
        else:
            body = body.rstrip("\n") + f"\n{key} = {value}\n\n"
    return text[:start] + body + text[end:]
