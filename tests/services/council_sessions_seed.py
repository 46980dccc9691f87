"""The councils and awards the council-session tests run on: the emulation council with a
quorum of half its members, CSTĐCS by a secret vote of 60 %, and a Giấy khen by an open one."""

from __future__ import annotations

from typing import Any

COUNCILS: list[dict[str, Any]] = [
    {
        "code": "HDTDKT",
        "name": "Hội đồng Thi đua - Khen thưởng Sở",
        "kind": "emulation",
        "quorum": 0.5,
    },
    {"code": "HDSK", "name": "Hội đồng sáng kiến", "kind": "initiative"},
]


def session_awards(giay_khen_threshold: float | None = None) -> list[dict[str, Any]]:
    """CSTĐCS (secret, 60 %) and the Director's Giấy khen (open; without a threshold the
    Office concludes it)."""
    giay_khen: dict[str, Any] = {
        "code": "GK-GD",
        "name": "Giấy khen của Giám đốc Sở",
        "applies_to": "both",
        "tracks": ["annual"],
        "council": "HDTDKT",
    }
    if giay_khen_threshold is not None:
        giay_khen["vote_threshold"] = giay_khen_threshold
    return [
        {
            "code": "CSTDCS",
            "name": "Chiến sĩ thi đua cơ sở",
            "applies_to": "individual",
            "tracks": ["annual"],
            "council": "HDTDKT",
            "vote_threshold": 0.6,
            "secret_vote": True,
        },
        giay_khen,
    ]
