"""The year's figures for the statutory statistics tables (TT 02/2023/TT-BNV).

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

__all__: list[str] = []
