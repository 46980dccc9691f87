"""Public listing of proposed rewards before the decision, with objections.

This module is the package's public API: other packages import only from here.
"""
