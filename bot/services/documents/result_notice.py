"""Thông báo kết quả khen thưởng: after a recorded decision, who was awarded."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents import Draft, Fields, file_name, long_date
from bot.errors import DocumentKindUnavailable
from bot.services.documents.council_rows import award_name
from bot.services.documents.cycle_reads import AWARDED, recorded
from bot.services.documents.records import Setting, Subject

TEMPLATE = "result_notice.docx"


async def make_result_notice(
    session: AsyncSession, subject: Subject, setting: Setting
) -> tuple[Draft, ...]:
    """The notice of the decision ``subject``'s awarded items (cancelled ones left out)."""
    found = await recorded(session, subject)
    awarded = [row for row, cancelled in found.with_outcome(AWARDED) if not cancelled]
    if found.kind != "decision" or not awarded:
        raise DocumentKindUnavailable(code=subject.code)
    fields = Fields()
    context = setting.letterhead.context(fields, symbol="TB")
    award = award_name(setting, found.award_code, awarded[0].award)
    context |= {
        "year": min(r.year for r in awarded),
        "number": found.number,
        "signed_date": long_date(found.signed_on),
        "authority": found.authority,
        "award": award,
        "count": len(awarded),
        "rows": [
            {"number": n, "name": r.name, "unit": r.unit, "award": award}
            for n, r in enumerate(awarded, start=1)
        ],
    }
    return (fields.done(TEMPLATE, file_name("Thong-bao-ket-qua", found.number), context),)
