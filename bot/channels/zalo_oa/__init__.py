"""The Zalo Official Account channel: OAuth tokens, the signed webhook, the messenger.

The OA replies freely only within 48 hours of a person's last message (8 messages); the
messenger reports what it sends and maps Zalo's refusals to delivery outcomes.
"""
