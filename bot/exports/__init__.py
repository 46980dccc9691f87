"""Excel workbooks (openpyxl) the Office exports; pure functions from rows to ``.xlsx`` bytes.

Building a workbook is CPU work: callers run it off the event loop (``asyncio.to_thread``).
"""
