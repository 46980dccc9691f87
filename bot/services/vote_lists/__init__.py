"""Units' year-end vote lists (danh sách bình xét) and their eligibility checks.

This module is the package's public API: other packages import only from here.
"""
