"""The registration lifecycle of an access unit: which action leads where. Pure functions.

applied → approved → active → suspended ⇄ active; any state but revoked → revoked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from govnet.schema.registry import HistoryEntry, InternetExit, RegistrySettings, UnitSpec

# The status an action leaves the unit in; actions not listed ('reregister', 'change') leave it unchanged.
RESULT = {"apply": "applied", "approve": "approved", "activate": "active", "suspend": "suspended",
          "resume": "active", "revoke": "revoked"}
# The statuses each state-changing command may start from.
ALLOWED_FROM = {
    "approve": ("applied",),
    "activate": ("approved",),
    "suspend": ("active",),
    "resume": ("suspended",),
    "revoke": ("applied", "approved", "active", "suspended"),
}
IN_SERVICE = ("active", "suspended")
COMMITTED = ("approved", "active")  # units whose granted bandwidth is spoken for
STATUS_ZH = {"applied": "已申请", "approved": "已批准", "active": "已开通", "suspended": "已暂停", "revoked": "已撤销"}
ACTION_ZH = {"apply": "申请", "approve": "审批", "activate": "开通", "suspend": "暂停", "resume": "恢复",
             "revoke": "撤销", "reregister": "重新登记", "change": "变更"}
INTERNET_ZH = {"none": "无", "unified": "统一出口", "own": "自有出口"}


def implied_status(history: Sequence[HistoryEntry]) -> str:
    """The status the history leads to (``applied`` for an empty history).

    >>> implied_status([])
    'applied'
    """
    status = "applied"
    for entry in history:
        status = RESULT.get(entry.action, status)
    return status


def began(unit: UnitSpec) -> dt.date | None:
    """When the unit's access began: its first dated entry, else the start of its period of use."""
    if unit.history:
        return unit.history[0].date
    return unit.period.start if unit.period else None


def is_new_access(unit: UnitSpec, settings: RegistrySettings) -> bool:
    """Access that began on or after the date from which approval is required (a unit with no date is new)."""
    start = began(unit)
    return start is None or start >= settings.approval_required_from


def first(unit: UnitSpec, action: str) -> HistoryEntry | None:
    return next((e for e in unit.history if e.action == action), None)


def reregistered(unit: UnitSpec, settings: RegistrySettings) -> bool:
    """Re-registered on or after the campaign date, or began after it (registered when it applied)."""
    start = began(unit)
    if start is not None and start >= settings.campaign:
        return True
    return any(e.action == "reregister" and e.date >= settings.campaign for e in unit.history)


def expected_class(kinds: AbstractSet[str], internet: InternetExit) -> str:
    """The access class (Anhui DB34/T 3607-2020) of a unit joining zones of these kinds with this exit.

    A public only; B public + unified exit; C public + own exit; D public + dedicated (+ unified exit);
    E public + dedicated + own exit; F government office park (joins an office zone).

    >>> expected_class({"public"}, "none"), expected_class({"public", "dedicated"}, "own")
    ('A', 'E')
    """
    if "office" in kinds:
        return "F"
    dedicated = "dedicated" in kinds
    if internet == "own":
        return "E" if dedicated else "C"
    if internet == "unified":
        return "D" if dedicated else "B"
    return "D" if dedicated else "A"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (clamped to the month's end).

    >>> add_months(dt.date(2023, 1, 31), 1), add_months(dt.date(2023, 11, 5), 12)
    (datetime.date(2023, 2, 28), datetime.date(2024, 11, 5))
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
