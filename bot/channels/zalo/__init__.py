"""The Zalo Bot Platform channel: an httpx client, update mapping, messenger and poller.

Zalo bots have no buttons, edits, HTML or file sending: the messenger renders buttons as
numbered choices, splits text at 2,000 characters and sends charts by public URL.
"""
