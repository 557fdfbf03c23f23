"""Field types of the API's schemas: money as a string with two decimals, never a JSON number."""

from __future__ import annotations

import re
from decimal import Decimal

from marshmallow import ValidationError, fields

from marketplace.core.money import Money
from marketplace.core.money_input import InvalidAmount, parse_amount

MONEY_PATTERN = r"^[0-9]{1,12}\.[0-9]{2}$"
_MONEY_INPUT = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")


class MoneyString(fields.Field):
    """An amount in yuan as a string with two decimals ("1234.50"); read back into `Money`."""

    def __init__(self, **kwargs) -> None:
        metadata = {"pattern": MONEY_PATTERN, "example": "1234.50", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        amount = value.amount if isinstance(value, Money) else Decimal(value)
        return f"{amount:.2f}"

    def _deserialize(self, value, attr, data, **kwargs) -> Money:
        if not isinstance(value, str) or _MONEY_INPUT.fullmatch(value) is None:
            raise ValidationError('An amount in yuan as a string with at most two decimals, e.g. "1234.50".')
        try:
            return parse_amount(value)
        except InvalidAmount as error:
            raise ValidationError(f"Not an accepted amount ({error.problem.value}).") from error


def money_from_fen(fen: int | None) -> str | None:
    """Integer fen as the API's money string."""
    return None if fen is None else f"{Money.from_fen(int(fen)).amount:.2f}"
