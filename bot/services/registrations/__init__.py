"""Registration of the year's targets (đăng ký thi đua, issue 16 point 2).

This module is the package's public API: other packages import only from here.
"""
