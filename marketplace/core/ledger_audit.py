"""Auditing a ledger: every invariant the stored transactions must keep, checked from their legs.

Every transaction balances; keys are unique; the trial balance is zero; per licence, payments never
exceed charges less waivers; every reversal reverses a known transaction, exactly once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from enum import StrEnum

from marketplace.core.ledger import (
    Leg,
    LegsProblem,
    Side,
    Transaction,
    TransactionKind,
    legs_balance,
    side_total,
)
from marketplace.core.money import Money


class InvariantBreak(StrEnum):
    """A rule the ledger as a whole breaks (found by `check_invariants`)."""

    UNBALANCED = "unbalanced"  # a transaction's legs do not balance
    DUPLICATE_KEY = "duplicate_key"  # two transactions share a key
    TRIAL_BALANCE_NOT_ZERO = "trial_balance_not_zero"  # all debits minus all credits is not zero
    PAID_MORE_THAN_CHARGED = "paid_more_than_charged"  # a licence's payments exceed charges less waivers
    REVERSAL_OF_UNKNOWN = "reversal_of_unknown"  # a reversal names a key no transaction has
    DOUBLE_REVERSAL = "double_reversal"  # a transaction is reversed more than once
    REVERSAL_MISMATCH = "reversal_mismatch"  # a reversal is not the mirror of its original (or reverses one)


def _currency_totals(legs: Iterable[Leg]) -> dict[str, tuple[Money, Money]]:
    """Per currency: (debits, credits)."""
    by_currency: dict[str, list[Leg]] = defaultdict(list)
    for leg in legs:
        by_currency[leg.amount.currency].append(leg)
    return {
        currency: (side_total(group, Side.DEBIT, currency), side_total(group, Side.CREDIT, currency))
        for currency, group in by_currency.items()
    }


def _net_by_kind(
    transactions: Sequence[Transaction], by_key: dict[str, Transaction]
) -> dict[tuple[int, str], dict[TransactionKind, Money]]:
    """Per (licence, currency): charged, paid and waived, each less what reversals took back."""
    totals: dict[tuple[int, str], dict[TransactionKind, Money]] = {}
    for transaction in transactions:
        if legs_balance(transaction.legs) in (LegsProblem.TOO_FEW_LEGS, LegsProblem.MIXED_CURRENCIES):
            continue  # no single amount to count; reported as UNBALANCED
        kind, amount = transaction.kind, transaction.amount
        if kind is TransactionKind.REVERSAL:
            original = by_key.get(transaction.reverses or "")
            if original is None or original.kind is TransactionKind.REVERSAL:
                continue  # reported as REVERSAL_OF_UNKNOWN or REVERSAL_MISMATCH
            kind, amount = original.kind, -amount
        slot = totals.setdefault((transaction.licence_id, transaction.currency), {})
        slot[kind] = slot.get(kind, Money.zero(transaction.currency)) + amount
    return totals


def check_invariants(transactions: Sequence[Transaction]) -> list[tuple[InvariantBreak, str]]:
    """Every rule the ledger breaks, as (break, detail) pairs; an empty list for a healthy ledger.

    The checks: every transaction balances (detail: its key); keys are unique (the key); the trial
    balance is zero in each currency (the currency and the difference in fen); per licence, payments
    received are at most charges posted less charges waived, each net of reversals (``licence:<id>``
    and the figures in fen); every reversal names an existing transaction (the reversal's key); nothing
    is reversed twice (the original's key); a reversal mirrors its original, on the same licence, and
    never reverses a reversal (the reversal's key). Details are for logs, not for people.
    """
    breaks: list[tuple[InvariantBreak, str]] = []
    for transaction in transactions:
        if legs_balance(transaction.legs) is not None:
            breaks.append((InvariantBreak.UNBALANCED, transaction.key))

    key_counts = Counter(transaction.key for transaction in transactions)
    for key, count in key_counts.items():
        if count > 1:
            breaks.append((InvariantBreak.DUPLICATE_KEY, key))

    all_legs = [leg for transaction in transactions for leg in transaction.legs]
    for currency, (debits, credits) in sorted(_currency_totals(all_legs).items()):
        difference = debits - credits
        if difference.fen != 0:
            breaks.append((InvariantBreak.TRIAL_BALANCE_NOT_ZERO, f"{currency}:{difference.fen}"))

    by_key: dict[str, Transaction] = {}
    for transaction in transactions:
        by_key.setdefault(transaction.key, transaction)
    reversal_counts: Counter[str] = Counter()
    for transaction in transactions:
        if transaction.kind is not TransactionKind.REVERSAL and transaction.reverses is None:
            continue
        original = by_key.get(transaction.reverses or "")
        if original is None:
            breaks.append((InvariantBreak.REVERSAL_OF_UNKNOWN, transaction.key))
            continue
        reversal_counts[original.key] += 1
        if (
            transaction.kind is not TransactionKind.REVERSAL
            or original.kind is TransactionKind.REVERSAL
            or original.licence_id != transaction.licence_id
            or Counter(transaction.legs) != Counter(leg.swapped() for leg in original.legs)
        ):
            breaks.append((InvariantBreak.REVERSAL_MISMATCH, transaction.key))
    for original_key, count in reversal_counts.items():
        if count > 1:
            breaks.append((InvariantBreak.DOUBLE_REVERSAL, original_key))

    for (licence_id, currency), net in sorted(_net_by_kind(transactions, by_key).items()):
        zero = Money.zero(currency)
        charged = net.get(TransactionKind.CHARGE_POSTED, zero)
        waived = net.get(TransactionKind.CHARGE_WAIVED, zero)
        paid = net.get(TransactionKind.PAYMENT_RECEIVED, zero)
        payable = charged - waived
        if paid > payable:
            breaks.append(
                (
                    InvariantBreak.PAID_MORE_THAN_CHARGED,
                    f"licence:{licence_id} {currency} paid={paid.fen} charged={charged.fen} "
                    f"waived={waived.fen}",
                )
            )
    return breaks
