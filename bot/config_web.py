"""Settings of the Office's web app (``[web]``): its port, public address and sign-in times."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Web(BaseModel):
    """The web app served by the bot; ``/web`` sends a sign-in link only when
    ``public_base_url`` is set (the address people open, e.g. ``https://thidua.example.vn``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    listen: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)  # 0: any free port (tests)
    public_base_url: str = ""
    # How long a one-time sign-in link sent by /web can be opened.
    link_minutes: int = Field(default=10, ge=1, le=60)
    # How long a signed-in browser stays signed in.
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    # The oldest Telegram Mini App initData accepted (its auth_date).
    init_data_max_age_seconds: int = Field(default=3600, ge=1)
    # The largest upload (the staff list's .xlsx) and so the largest request body, in MB.
    upload_max_mb: int = Field(default=5, ge=1, le=50)
    # Telegram's menu button opens the Mini App for members who may use the web app
    # (unset: on when public_base_url is https://, which Telegram requires of a Mini App).
    menu_button: bool | None = None

    @field_validator("public_base_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if value.strip() and not value.strip().startswith(("https://", "http://")):
            msg = "web.public_base_url must start with https:// (or http:// for a trial)"
            raise ValueError(msg)
        return value.strip().rstrip("/")

    @property
    def base_url(self) -> str:
        """The public address, without a trailing slash ("" when unset)."""
        return self.public_base_url

    @property
    def upload_max_bytes(self) -> int:
        """The largest request body the web app takes."""
        return self.upload_max_mb * 1024 * 1024

    @property
    def mini_app_menu(self) -> bool:
        """Whether Telegram's menu button opens the Mini App (needs an https:// address)."""
        wanted = self.secure if self.menu_button is None else self.menu_button
        return wanted and self.secure

    @property
    def secure(self) -> bool:
        """Whether people reach the app by HTTPS (its cookies are then ``Secure``)."""
        return self.public_base_url.startswith("https://")
