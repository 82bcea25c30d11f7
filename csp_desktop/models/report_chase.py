from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from csp_desktop.models.base import Base


class ReportChase(Base):
    """A missing subgroup report the partnership manager chased, and when."""

    __tablename__ = "report_chase"

    subgroup_report_id: Mapped[int] = mapped_column(
        ForeignKey("subgroup_report.id", ondelete="CASCADE"), primary_key=True
    )
    chased_on: Mapped[dt.date]
    chased_by: Mapped[str | None]
