"""A TEST FIXTURE standing in for a 2026–2030 plan: invented text, not a plan the Sở issued.

The bot ships no 2026–2030 plan; the Office loads the one it issues (README, docs/cli.md).
"""

from __future__ import annotations

from pathlib import Path

FIXTURE_2026 = """\
# TÀI LIỆU KIỂM THỬ (không do Sở ban hành): kế hoạch giả định giai đoạn 2026-2030

## I. MỤC ĐÍCH, YÊU CẦU
Nội dung giả định, chỉ để kiểm thử việc mở giai đoạn thi đua mới.

## II. NỘI DUNG
### 1. Nội dung giả định
- Gạch đầu dòng giả định.

## [kiem-thu-2026] Phong trào giả định để kiểm thử
Mô tả giả định của một phong trào, chỉ dùng trong kiểm thử.
"""


def write_fixture(folder: Path, name: str = "kiem-thu-2026-2030.md") -> Path:
    """Write the fixture plan into ``folder``; return its path."""
    path = folder / name
    path.write_text(FIXTURE_2026, encoding="utf-8")
    return path
