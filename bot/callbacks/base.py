"""How a payload is packed and unpacked, and the registry of prefixes that keeps them apart."""

from __future__ import annotations

import dataclasses
import re
import typing
from enum import StrEnum
from typing import Any, ClassVar

MAX_BYTES = 64
SEPARATOR = ":"
_TOKEN = re.compile(r"^[A-Za-z0-9_.-]*$")
_REGISTRY: dict[str, type[CallbackData]] = {}


class CallbackData:
    """Base of every callback payload; subclasses are frozen dataclasses."""

    prefix: ClassVar[str]
    #: The fields' types, resolved once (annotations are strings in these modules).
    field_types: ClassVar[dict[str, Any]]

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not re.fullmatch(r"[a-z]{1,3}", prefix):
            msg = f"callback prefix must be 1-3 lowercase letters: {prefix!r}"
            raise ValueError(msg)
        if prefix in _REGISTRY:
            msg = f"duplicate callback prefix {prefix!r}"
            raise ValueError(msg)
        cls.prefix = prefix
        # Everything a payload names is defined above it, so the hints resolve already.
        cls.field_types = typing.get_type_hints(cls)
        _REGISTRY[prefix] = cls

    def pack(self) -> str:
        """Encode the payload; raises ``ValueError`` if it would not fit a Telegram button."""
        parts = [self.prefix]
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            text = str(value)
            if isinstance(value, bool) or not isinstance(value, int | str):
                msg = f"{type(self).__name__}.{field.name}: only int and str fields"
                raise TypeError(msg)
            if not _TOKEN.fullmatch(text):
                msg = f"{type(self).__name__}.{field.name}: not a plain ASCII token: {text!r}"
                raise ValueError(msg)
            parts.append(text)
        data = SEPARATOR.join(parts)
        if len(data.encode()) > MAX_BYTES:
            msg = f"callback data over {MAX_BYTES} bytes: {data!r}"
            raise ValueError(msg)
        return data


def unpack(data: str) -> CallbackData | None:
    """Decode a payload, or return ``None`` when it is not one we could have made."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    prefix, *values = data.split(SEPARATOR)
    cls = _REGISTRY.get(prefix)
    if cls is None:
        return None
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if len(values) != len(fields):
        return None
    kwargs: dict[str, object] = {}
    for field, text in zip(fields, values, strict=True):
        value = _decode(cls.field_types[field.name], text)
        if value is None:
            return None
        kwargs[field.name] = value
    return cls(**kwargs)


def _decode(kind: object, text: str) -> object | None:
    """One field's value, or ``None`` if ``text`` is not one a button of ours could carry."""
    if not _TOKEN.fullmatch(text):
        return None
    if kind is int:
        return int(text) if re.fullmatch(r"-?\d{1,18}", text) else None
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        # A choice no button offers: forged, or from an older release.
        return kind._value2member_map_.get(text)
    return text
