"""The licence ledger: double-entry, append-only transactions and the rules that keep them honest.

Every transaction has two or more legs; each leg names an account, a side (DEBIT or CREDIT) and a
strictly positive amount. The side is never folded into the sign of the amount. A transaction is
balanced when its debits equal its credits exactly, in one currency; `Transaction` refuses to be built
otherwise (`UnbalancedTransaction`), except through `Transaction.unchecked`, which exists so rows loaded
from storage can be audited by `ledger_audit.check_invariants` instead of blowing up on load.

Accounts and their normal sides (the side that increases the balance):

- ENTERPRISE_RECEIVABLE (what an enterprise owes on its licences): an asset of the university, normal
  side DEBIT, so its balance is debits minus credits;
- UNIVERSITY_CASH (money the university has received): an asset, normal side DEBIT, debits minus credits;
- UNIVERSITY_REVENUE (licence revenue the university recognises): normal side CREDIT, so its balance is
  credits minus debits.

With that convention every balance of a healthy ledger is zero or positive. The postings:

- charge posted:     DR enterprise receivable / CR university revenue   key ``charge:<charge key>``
- payment received:  DR university cash       / CR enterprise receivable key ``payment:<idempotency key>``
- charge waived:     DR university revenue    / CR enterprise receivable key ``waiver:<charge key>``
- reversal:          the original's legs with the sides swapped         key ``reversal:<original key>``

Balances are always computed from legs (`balance`, `trial_balance`); nothing here stores one. Posted
transactions are never changed: a mistake is undone by a reversal, and a reversal is never reversed.
Keys are unique across the ledger (the storage layer enforces it with a unique constraint), which makes
every posting exactly-once: a retry builds the same key and is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marketplace.core.money import CNY, CurrencyMismatch, Money, sum_money


class AccountKind(StrEnum):
    """The kinds of ledger account."""

    ENTERPRISE_RECEIVABLE = "enterprise_receivable"  # what an enterprise owes on its licences
    UNIVERSITY_REVENUE = "university_revenue"  # licence revenue recognised by the university
    UNIVERSITY_CASH = "university_cash"  # money the university has received

    @property
    def normal_side(self) -> Side:
        """The side that increases this kind of account: DEBIT for receivable and cash, CREDIT for revenue."""
        return Side.CREDIT if self is AccountKind.UNIVERSITY_REVENUE else Side.DEBIT


class Side(StrEnum):
    """The side of a leg."""

    DEBIT = "debit"
    CREDIT = "credit"

    @property
    def opposite(self) -> Side:
        """The other side."""
        return Side.CREDIT if self is Side.DEBIT else Side.DEBIT


_CODE_PREFIX = {
    AccountKind.ENTERPRISE_RECEIVABLE: "receivable:enterprise",
    AccountKind.UNIVERSITY_REVENUE: "revenue:university",
    AccountKind.UNIVERSITY_CASH: "cash:university",
}
_KIND_BY_PREFIX = {prefix: kind for kind, prefix in _CODE_PREFIX.items()}


def account_code_prefix(kind: AccountKind) -> str:
    """What the codes of every account of `kind` begin with, before ``:<owner id>``."""
    return _CODE_PREFIX[AccountKind(kind)]


def _check_id(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int")
    if value < 1:
        raise ValueError(f"{what} must be positive")
    return value


def _check_key(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str")
    if not value or value != value.strip():
        raise ValueError(f"{what} must be non-empty, without surrounding spaces")
    return value


@dataclass(frozen=True)
class AccountRef:
    """One account: its kind and its owner (the enterprise for a receivable, the university otherwise)."""

    kind: AccountKind
    owner_id: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", AccountKind(self.kind))
        _check_id(self.owner_id, "owner_id")

    @classmethod
    def enterprise_receivable(cls, enterprise_id: int) -> AccountRef:
        """What this enterprise owes."""
        return cls(AccountKind.ENTERPRISE_RECEIVABLE, enterprise_id)

    @classmethod
    def university_revenue(cls, university_id: int) -> AccountRef:
        """This university's licence revenue."""
        return cls(AccountKind.UNIVERSITY_REVENUE, university_id)

    @classmethod
    def university_cash(cls, university_id: int) -> AccountRef:
        """The money this university has received."""
        return cls(AccountKind.UNIVERSITY_CASH, university_id)

    @property
    def code(self) -> str:
        """A stable string for storage and logs: ``receivable:enterprise:12``, ``cash:university:3``."""
        return f"{_CODE_PREFIX[self.kind]}:{self.owner_id}"

    @classmethod
    def from_code(cls, code: str) -> AccountRef:
        """The account a `code` names; ValueError for anything else."""
        prefix, _, owner = code.rpartition(":")
        kind = _KIND_BY_PREFIX.get(prefix)
        if kind is None or not owner.isascii() or not owner.isdigit():
            raise ValueError(f"not an account code: {code!r}")
        return cls(kind, int(owner))


@dataclass(frozen=True)
class Leg:
    """One line of a transaction: a strictly positive amount on one side of one account."""

    account: AccountRef
    side: Side
    amount: Money

    def __post_init__(self) -> None:
        if not isinstance(self.account, AccountRef):
            raise TypeError("account must be an AccountRef")
        object.__setattr__(self, "side", Side(self.side))
        if not isinstance(self.amount, Money):
            raise TypeError("amount must be Money")
        if self.amount.fen <= 0:
            raise ValueError("a leg's amount must be positive; the side says which way it goes")

    def swapped(self) -> Leg:
        """The same amount on the same account, on the other side."""
        return Leg(self.account, self.side.opposite, self.amount)


class TransactionKind(StrEnum):
    """What a transaction records."""

    CHARGE_POSTED = "charge_posted"
    PAYMENT_RECEIVED = "payment_received"
    CHARGE_WAIVED = "charge_waived"
    REVERSAL = "reversal"


class LegsProblem(StrEnum):
    """Why a set of legs does not make a balanced transaction."""

    TOO_FEW_LEGS = "too_few_legs"
    MIXED_CURRENCIES = "mixed_currencies"
    DEBITS_NOT_EQUAL_CREDITS = "debits_not_equal_credits"


class UnbalancedTransaction(ValueError):
    """The legs do not balance: fewer than two, more than one currency, or debits unequal to credits."""

    def __init__(self, key: str, problem: LegsProblem) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


def side_total(legs: Iterable[Leg], side: Side, currency: str) -> Money:
    """The sum of the legs on one side (zero in `currency` when there are none)."""
    return sum_money((leg.amount for leg in legs if leg.side is side), currency)


def legs_balance(legs: Sequence[Leg]) -> LegsProblem | None:
    """None when the legs make a balanced transaction, else the first problem found.

    Balanced means at least two legs, all in one currency, and the debits add up to the credits exactly.
    Never raises, so it can audit data loaded from storage.
    """
    if len(legs) < 2:
        return LegsProblem.TOO_FEW_LEGS
    currencies = {leg.amount.currency for leg in legs}
    if len(currencies) != 1:
        return LegsProblem.MIXED_CURRENCIES
    (currency,) = currencies
    debits = side_total(legs, Side.DEBIT, currency)
    credits = side_total(legs, Side.CREDIT, currency)
    if debits != credits:
        return LegsProblem.DEBITS_NOT_EQUAL_CREDITS
    return None


@dataclass(frozen=True)
class Transaction:
    """A balanced set of legs recorded at once for one licence, under a key unique across the ledger.

    `reverses` is the key of the transaction a REVERSAL undoes, and is None for every other kind.
    Construction refuses unbalanced legs (`UnbalancedTransaction`) and a `reverses` that does not
    match the kind (ValueError); `Transaction.unchecked` skips every check, for stored rows.
    """

    key: str
    kind: TransactionKind
    licence_id: int
    legs: tuple[Leg, ...]
    reverses: str | None = None

    def __post_init__(self) -> None:
        _check_key(self.key, "key")
        object.__setattr__(self, "kind", TransactionKind(self.kind))
        _check_id(self.licence_id, "licence_id")
        object.__setattr__(self, "legs", tuple(self.legs))
        for leg in self.legs:
            if not isinstance(leg, Leg):
                raise TypeError("legs must be Leg values")
        if (self.kind is TransactionKind.REVERSAL) != (self.reverses is not None):
            raise ValueError("reverses is set on a reversal and only on a reversal")
        if self.reverses is not None:
            _check_key(self.reverses, "reverses")
        problem = legs_balance(self.legs)
        if problem is not None:
            raise UnbalancedTransaction(self.key, problem)

    @classmethod
    def unchecked(
        cls,
        key: str,
        kind: TransactionKind,
        licence_id: int,
        legs: Iterable[Leg],
        reverses: str | None = None,
    ) -> Transaction:
        """A transaction built without checking its legs: for rows read back from storage, to be audited.

        Only `kind` is checked (it must be a TransactionKind value); `check_invariants` finds the rest.
        """
        transaction = object.__new__(cls)
        for name, value in (
            ("key", key),
            ("kind", TransactionKind(kind)),
            ("licence_id", licence_id),
            ("legs", tuple(legs)),
            ("reverses", reverses),
        ):
            object.__setattr__(transaction, name, value)
        return transaction

    @property
    def currency(self) -> str:
        """The currency of the legs (of the first leg, for an unchecked transaction)."""
        return self.legs[0].amount.currency if self.legs else CNY

    @property
    def amount(self) -> Money:
        """The sum of the debit legs (equal to the sum of the credit legs once balanced)."""
        return side_total(self.legs, Side.DEBIT, self.currency)


def _two_legs(debit: AccountRef, credit: AccountRef, amount: Money) -> tuple[Leg, ...]:
    return (Leg(debit, Side.DEBIT, amount), Leg(credit, Side.CREDIT, amount))


def charge_posted(
    licence_id: int, enterprise_id: int, university_id: int, charge_key: str, amount: Money
) -> Transaction:
    """A charge falls due: DR enterprise receivable / CR university revenue, key ``charge:<charge_key>``.

    `charge_key` is the natural key of the charge, e.g. ``licence:7:phase:1``.
    """
    return Transaction(
        key="charge:" + _check_key(charge_key, "charge_key"),
        kind=TransactionKind.CHARGE_POSTED,
        licence_id=licence_id,
        legs=_two_legs(
            AccountRef.enterprise_receivable(enterprise_id),
            AccountRef.university_revenue(university_id),
            amount,
        ),
    )


def payment_received(
    licence_id: int, enterprise_id: int, university_id: int, idempotency_key: str, amount: Money
) -> Transaction:
    """The university receives a payment: DR university cash / CR enterprise receivable.

    The key is ``payment:<idempotency_key>``, so a retried or double-submitted payment builds the same key.
    """
    return Transaction(
        key="payment:" + _check_key(idempotency_key, "idempotency_key"),
        kind=TransactionKind.PAYMENT_RECEIVED,
        licence_id=licence_id,
        legs=_two_legs(
            AccountRef.university_cash(university_id), AccountRef.enterprise_receivable(enterprise_id), amount
        ),
    )


def charge_waived(
    licence_id: int, enterprise_id: int, university_id: int, charge_key: str, amount: Money
) -> Transaction:
    """The university forgoes (part of) a charge: DR university revenue / CR enterprise receivable.

    The key is ``waiver:<charge_key>``: a charge is waived at most once.
    """
    return Transaction(
        key="waiver:" + _check_key(charge_key, "charge_key"),
        kind=TransactionKind.CHARGE_WAIVED,
        licence_id=licence_id,
        legs=_two_legs(
            AccountRef.university_revenue(university_id),
            AccountRef.enterprise_receivable(enterprise_id),
            amount,
        ),
    )


def reversal(original: Transaction) -> Transaction:
    """The transaction that undoes `original`: its legs with the sides swapped, key ``reversal:<key>``.

    A reversal cannot itself be reversed (ValueError): post the original event again under a new key.
    """
    if original.kind is TransactionKind.REVERSAL:
        raise ValueError(f"a reversal cannot be reversed: {original.key}")
    return Transaction(
        key="reversal:" + original.key,
        kind=TransactionKind.REVERSAL,
        licence_id=original.licence_id,
        legs=tuple(leg.swapped() for leg in original.legs),
        reverses=original.key,
    )


def _first_currency(legs: Iterable[Leg], default: str) -> str:
    for leg in legs:
        return leg.amount.currency
    return default


def balance(transactions: Iterable[Transaction], account: AccountRef, currency: str = CNY) -> Money:
    """The balance of one account, from the legs that touch it, on its normal side.

    Receivable and cash (normal side DEBIT): debits minus credits. Revenue (normal side CREDIT): credits
    minus debits. So what an enterprise owes, what a university has received and the revenue it has
    recognised all come out positive. `currency` is only used when no leg touches the account; legs in
    more than one currency raise CurrencyMismatch.
    """
    legs = [leg for transaction in transactions for leg in transaction.legs if leg.account == account]
    currency = _first_currency(legs, currency)
    debits = side_total(legs, Side.DEBIT, currency)
    credits = side_total(legs, Side.CREDIT, currency)
    if account.kind.normal_side is Side.DEBIT:
        return debits - credits
    return credits - debits


def trial_balance(transactions: Iterable[Transaction], currency: str = CNY) -> Money:
    """All debits minus all credits, over every leg: zero in a healthy ledger.

    `currency` is only used when there are no legs; legs in more than one currency raise CurrencyMismatch.
    """
    legs = [leg for transaction in transactions for leg in transaction.legs]
    currency = _first_currency(legs, currency)
    debits = side_total(legs, Side.DEBIT, currency)
    credits = side_total(legs, Side.CREDIT, currency)
    return debits - credits


class Overpayment(ValueError):
    """A payment larger than everything outstanding; `outstanding` is the total that could be paid."""

    def __init__(self, amount: Money, outstanding: Money) -> None:
        super().__init__(f"payment {amount.amount} > outstanding {outstanding.amount} {outstanding.currency}")
        self.amount = amount
        self.outstanding = outstanding


def allocate_payment(
    open_charges: Sequence[tuple[str, date, Money]], amount: Money
) -> list[tuple[str, Money]]:
    """Apply a payment to open charges, the oldest first, and say how much goes to each.

    `open_charges` holds (charge key, due date, outstanding) triples; they are settled in order of due
    date, then key, each as fully as the payment allows. The result lists (charge key, applied) for each
    charge that receives something, in that order; the applied amounts add up to `amount` exactly.
    A non-positive amount, a negative outstanding amount or a repeated key raises ValueError; a payment
    larger than the total outstanding raises `Overpayment`; mixed currencies raise CurrencyMismatch.
    """
    if not isinstance(amount, Money):
        raise TypeError("amount must be Money")
    if amount.fen <= 0:
        raise ValueError("a payment must be positive")
    keys = [key for key, _due, _outstanding in open_charges]
    if len(set(keys)) != len(keys):
        raise ValueError("an open charge is listed twice")
    for key, _due, outstanding in open_charges:
        if outstanding.currency != amount.currency:
            raise CurrencyMismatch(amount.currency, outstanding.currency)
        if outstanding.fen < 0:
            raise ValueError(f"negative outstanding amount on {key}")
    total = sum_money((outstanding for _key, _due, outstanding in open_charges), amount.currency)
    if amount > total:
        raise Overpayment(amount, total)
    applied: list[tuple[str, Money]] = []
    left = amount
    for key, _due, outstanding in sorted(open_charges, key=lambda charge: (charge[1], charge[0])):
        if left.fen == 0:
            break
        share = min(left, outstanding)
        if share.fen > 0:
            applied.append((key, share))
            left = left - share
    return applied
