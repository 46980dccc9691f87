"""The emulation year's milestones (/lichthidua) and reminders to those who have not acted.

This module is the package's public API: other packages import only from here.
"""
