"""The licence ledger: balances come from legs, payments go oldest first, audits catch breaks."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.core.ledger import (
    AccountKind,
    AccountRef,
    Leg,
    LegsProblem,
    Overpayment,
    Side,
    Transaction,
    TransactionKind,
    UnbalancedTransaction,
    allocate_payment,
    balance,
    charge_posted,
    charge_waived,
    legs_balance,
    payment_received,
    reversal,
    trial_balance,
)
from marketplace.core.ledger_audit import InvariantBreak, check_invariants
from marketplace.core.money import CurrencyMismatch, Money, allocate

LICENCE, ENTERPRISE, UNIVERSITY = 7, 12, 3
RECEIVABLE = AccountRef.enterprise_receivable(ENTERPRISE)
REVENUE = AccountRef.university_revenue(UNIVERSITY)
CASH = AccountRef.university_cash(UNIVERSITY)
ZERO = Money.zero()


def m(amount: str) -> Money:
    return Money(amount)


def breaks_of(transactions) -> set[InvariantBreak]:
    return {kind for kind, _detail in check_invariants(transactions)}


# Accounts and legs


@pytest.mark.parametrize(
    ("account", "code"),
    [
        (AccountRef(AccountKind.ENTERPRISE_RECEIVABLE, 12), "receivable:enterprise:12"),
        (AccountRef(AccountKind.UNIVERSITY_REVENUE, 3), "revenue:university:3"),
        (AccountRef(AccountKind.UNIVERSITY_CASH, 3), "cash:university:3"),
    ],
)
def test_account_codes_are_stable_and_round_trip(account, code):
    assert account.code == code
    assert AccountRef.from_code(code) == account


@pytest.mark.parametrize("code", ["", "cash:university:", "cash:enterprise:3", "cash:university:-3", "x:1"])
def test_a_bad_account_code_is_refused(code):
    with pytest.raises(ValueError):
        AccountRef.from_code(code)


def test_an_owner_id_must_be_a_positive_int():
    with pytest.raises(ValueError):
        AccountRef(AccountKind.UNIVERSITY_CASH, 0)
    with pytest.raises(TypeError):
        AccountRef(AccountKind.UNIVERSITY_CASH, True)


def test_normal_sides():
    assert AccountKind.ENTERPRISE_RECEIVABLE.normal_side is Side.DEBIT
    assert AccountKind.UNIVERSITY_CASH.normal_side is Side.DEBIT
    assert AccountKind.UNIVERSITY_REVENUE.normal_side is Side.CREDIT


@pytest.mark.parametrize("amount", ["0", "0.00", "-0.01", "-100"])
def test_a_leg_amount_must_be_positive(amount):
    with pytest.raises(ValueError):
        Leg(CASH, Side.DEBIT, m(amount))


def test_a_leg_amount_must_be_money():
    with pytest.raises(TypeError):
        Leg(CASH, Side.DEBIT, 100)


# Transactions


def test_a_balanced_transaction_is_accepted():
    transaction = Transaction(
        "charge:x",
        TransactionKind.CHARGE_POSTED,
        LICENCE,
        [Leg(RECEIVABLE, Side.DEBIT, m("100.00")), Leg(REVENUE, Side.CREDIT, m("100.00"))],
    )
    assert isinstance(transaction.legs, tuple)
    assert transaction.amount == m("100.00")


def test_more_than_two_legs_may_balance():
    other = AccountRef.university_revenue(4)
    legs = [
        Leg(RECEIVABLE, Side.DEBIT, m("100.00")),
        Leg(REVENUE, Side.CREDIT, m("60.00")),
        Leg(other, Side.CREDIT, m("40.00")),
    ]
    assert Transaction("charge:split", TransactionKind.CHARGE_POSTED, LICENCE, legs).amount == m("100.00")


@pytest.mark.parametrize(
    ("legs", "problem"),
    [
        ([], LegsProblem.TOO_FEW_LEGS),
        ([Leg(RECEIVABLE, Side.DEBIT, Money("100.00"))], LegsProblem.TOO_FEW_LEGS),
        (
            [Leg(RECEIVABLE, Side.DEBIT, Money("100.00")), Leg(REVENUE, Side.CREDIT, Money("99.99"))],
            LegsProblem.DEBITS_NOT_EQUAL_CREDITS,
        ),
        (
            [Leg(RECEIVABLE, Side.DEBIT, Money("100.00")), Leg(REVENUE, Side.DEBIT, Money("100.00"))],
            LegsProblem.DEBITS_NOT_EQUAL_CREDITS,
        ),
        (
            [Leg(RECEIVABLE, Side.DEBIT, Money("100.00")), Leg(REVENUE, Side.CREDIT, Money("100.00", "USD"))],
            LegsProblem.MIXED_CURRENCIES,
        ),
    ],
)
def test_unbalanced_legs_are_refused(legs, problem):
    assert legs_balance(legs) is problem
    with pytest.raises(UnbalancedTransaction) as caught:
        Transaction("charge:bad", TransactionKind.CHARGE_POSTED, LICENCE, legs)
    assert caught.value.problem is problem
    assert caught.value.key == "charge:bad"
    assert isinstance(caught.value, ValueError)


def test_unchecked_builds_unbalanced_data_for_auditing():
    legs = [Leg(RECEIVABLE, Side.DEBIT, m("100.00")), Leg(REVENUE, Side.CREDIT, m("99.99"))]
    transaction = Transaction.unchecked("charge:stored", "charge_posted", LICENCE, legs)
    assert transaction.kind is TransactionKind.CHARGE_POSTED
    assert transaction.legs == tuple(legs)
    assert legs_balance(transaction.legs) is LegsProblem.DEBITS_NOT_EQUAL_CREDITS


def test_reverses_goes_with_the_reversal_kind_only():
    legs = [Leg(RECEIVABLE, Side.DEBIT, m("1.00")), Leg(REVENUE, Side.CREDIT, m("1.00"))]
    with pytest.raises(ValueError):
        Transaction("charge:x", TransactionKind.CHARGE_POSTED, LICENCE, legs, reverses="charge:y")
    with pytest.raises(ValueError):
        Transaction("reversal:x", TransactionKind.REVERSAL, LICENCE, legs)


@pytest.mark.parametrize("key", ["", " charge:x", "charge:x "])
def test_a_key_must_be_clean(key):
    legs = [Leg(RECEIVABLE, Side.DEBIT, m("1.00")), Leg(REVENUE, Side.CREDIT, m("1.00"))]
    with pytest.raises(ValueError):
        Transaction(key, TransactionKind.CHARGE_POSTED, LICENCE, legs)


# Builders


def test_charge_posted():
    charge = charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "licence:7:phase:1", m("33333.34"))
    assert charge.key == "charge:licence:7:phase:1"
    assert charge.kind is TransactionKind.CHARGE_POSTED
    assert charge.licence_id == LICENCE
    assert charge.reverses is None
    assert charge.legs == (
        Leg(RECEIVABLE, Side.DEBIT, m("33333.34")),
        Leg(REVENUE, Side.CREDIT, m("33333.34")),
    )


def test_payment_received():
    payment = payment_received(LICENCE, ENTERPRISE, UNIVERSITY, "idem-42", m("500.00"))
    assert payment.key == "payment:idem-42"
    assert payment.kind is TransactionKind.PAYMENT_RECEIVED
    assert payment.legs == (Leg(CASH, Side.DEBIT, m("500.00")), Leg(RECEIVABLE, Side.CREDIT, m("500.00")))


def test_charge_waived():
    waiver = charge_waived(LICENCE, ENTERPRISE, UNIVERSITY, "licence:7:phase:3", m("10.00"))
    assert waiver.key == "waiver:licence:7:phase:3"
    assert waiver.kind is TransactionKind.CHARGE_WAIVED
    assert waiver.legs == (Leg(REVENUE, Side.DEBIT, m("10.00")), Leg(RECEIVABLE, Side.CREDIT, m("10.00")))


@pytest.mark.parametrize("build", [charge_posted, payment_received, charge_waived])
@pytest.mark.parametrize("amount", ["0", "-5.00"])
def test_builders_refuse_a_non_positive_amount(build, amount):
    with pytest.raises(ValueError):
        build(LICENCE, ENTERPRISE, UNIVERSITY, "k", m(amount))


@pytest.mark.parametrize("build", [charge_posted, payment_received, charge_waived])
def test_builders_refuse_an_empty_key(build):
    with pytest.raises(ValueError):
        build(LICENCE, ENTERPRISE, UNIVERSITY, "", m("1.00"))


@pytest.mark.parametrize(
    "original",
    [
        charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "licence:7:phase:1", Money("100.00")),
        payment_received(LICENCE, ENTERPRISE, UNIVERSITY, "idem-1", Money("40.00")),
        charge_waived(LICENCE, ENTERPRISE, UNIVERSITY, "licence:7:phase:1", Money("60.00")),
    ],
)
def test_reversal_swaps_the_sides(original):
    undo = reversal(original)
    assert undo.key == "reversal:" + original.key
    assert undo.kind is TransactionKind.REVERSAL
    assert undo.reverses == original.key
    assert undo.licence_id == original.licence_id
    assert undo.legs == tuple(Leg(leg.account, leg.side.opposite, leg.amount) for leg in original.legs)
    for account in (RECEIVABLE, REVENUE, CASH):
        assert balance([original, undo], account) == ZERO


def test_a_reversal_cannot_be_reversed():
    undo = reversal(charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c", m("1.00")))
    with pytest.raises(ValueError):
        reversal(undo)


# Balances


def test_balances_follow_the_sign_convention():
    ledger = [
        charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("300.00")),
        payment_received(LICENCE, ENTERPRISE, UNIVERSITY, "p1", m("120.50")),
        charge_waived(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("29.50")),
    ]
    assert balance(ledger, RECEIVABLE) == m("150.00")  # owed: 300 − 120.50 − 29.50
    assert balance(ledger, REVENUE) == m("270.50")  # recognised: 300 − 29.50
    assert balance(ledger, CASH) == m("120.50")
    assert balance(ledger, AccountRef.university_cash(99)) == ZERO
    assert trial_balance(ledger) == ZERO


def test_balances_of_an_empty_ledger_are_zero_in_the_given_currency():
    assert balance([], CASH) == ZERO
    assert balance([], CASH, "USD") == Money.zero("USD")
    assert trial_balance([]) == ZERO


def test_balances_keep_owners_apart():
    ledger = [
        charge_posted(1, 10, 100, "a", m("5.00")),
        charge_posted(2, 11, 100, "b", m("7.00")),
        charge_posted(3, 10, 101, "c", m("11.00")),
    ]
    assert balance(ledger, AccountRef.enterprise_receivable(10)) == m("16.00")
    assert balance(ledger, AccountRef.enterprise_receivable(11)) == m("7.00")
    assert balance(ledger, AccountRef.university_revenue(100)) == m("12.00")
    assert balance(ledger, AccountRef.university_revenue(101)) == m("11.00")


def test_a_balance_across_currencies_is_refused():
    ledger = [
        charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "cny", m("1.00")),
        charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "usd", Money("1.00", "USD")),
    ]
    with pytest.raises(CurrencyMismatch):
        balance(ledger, RECEIVABLE)
    with pytest.raises(CurrencyMismatch):
        trial_balance(ledger)


def test_a_realistic_sequence():
    instalments = allocate(m("100000.00"), 3)
    assert instalments == [m("33333.34"), m("33333.33"), m("33333.33")]
    dues = [date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)]
    charge_keys = [f"licence:7:phase:{phase}" for phase in (1, 2, 3)]
    ledger = [
        charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, key, amount)
        for key, amount in zip(charge_keys, instalments, strict=True)
    ]
    assert trial_balance(ledger) == ZERO
    assert balance(ledger, RECEIVABLE) == m("100000.00")

    applied = allocate_payment(list(zip(charge_keys, dues, instalments, strict=True)), m("50000.00"))
    assert applied == [("licence:7:phase:1", m("33333.34")), ("licence:7:phase:2", m("16666.66"))]
    ledger.append(payment_received(LICENCE, ENTERPRISE, UNIVERSITY, "idem-7f3a", m("50000.00")))
    assert trial_balance(ledger) == ZERO

    waiver = charge_waived(LICENCE, ENTERPRISE, UNIVERSITY, "licence:7:phase:3", m("33333.33"))
    ledger.append(waiver)
    assert balance(ledger, RECEIVABLE) == m("16666.67")
    assert balance(ledger, REVENUE) == m("66666.67")

    ledger.append(reversal(waiver))  # the waiver was a mistake
    assert trial_balance(ledger) == ZERO
    assert balance(ledger, RECEIVABLE) == m("50000.00")
    assert balance(ledger, REVENUE) == m("100000.00")
    assert balance(ledger, CASH) == m("50000.00")
    assert check_invariants(ledger) == []


# Allocating a payment


OPEN = [
    ("licence:7:phase:3", date(2026, 7, 1), Money("300.00")),
    ("licence:7:phase:1", date(2026, 1, 1), Money("100.00")),
    ("licence:7:phase:2b", date(2026, 4, 1), Money("50.00")),
    ("licence:7:phase:2a", date(2026, 4, 1), Money("200.00")),
]


def test_a_payment_goes_to_the_oldest_charge_first_then_by_key():
    assert allocate_payment(OPEN, m("320.00")) == [
        ("licence:7:phase:1", m("100.00")),
        ("licence:7:phase:2a", m("200.00")),
        ("licence:7:phase:2b", m("20.00")),
    ]


def test_a_small_payment_touches_only_the_oldest_charge():
    assert allocate_payment(OPEN, m("0.01")) == [("licence:7:phase:1", m("0.01"))]


def test_paying_everything_settles_every_charge():
    applied = allocate_payment(OPEN, m("650.00"))
    assert dict(applied) == {key: outstanding for key, _due, outstanding in OPEN}


def test_charges_with_nothing_outstanding_receive_nothing():
    charges = [("a", date(2026, 1, 1), ZERO), ("b", date(2026, 2, 1), m("5.00"))]
    assert allocate_payment(charges, m("5.00")) == [("b", m("5.00"))]


def test_an_overpayment_is_refused_with_the_outstanding_total():
    with pytest.raises(Overpayment) as caught:
        allocate_payment(OPEN, m("650.01"))
    assert caught.value.outstanding == m("650.00")
    assert caught.value.amount == m("650.01")
    assert isinstance(caught.value, ValueError)
    with pytest.raises(Overpayment) as caught:
        allocate_payment([], m("1.00"))
    assert caught.value.outstanding == ZERO


@pytest.mark.parametrize("amount", ["0", "-1.00"])
def test_a_non_positive_payment_is_refused(amount):
    with pytest.raises(ValueError) as caught:
        allocate_payment(OPEN, m(amount))
    assert not isinstance(caught.value, Overpayment)


def test_bad_open_charges_are_refused():
    with pytest.raises(ValueError):
        allocate_payment([("a", date(2026, 1, 1), m("-1.00"))], m("1.00"))
    with pytest.raises(ValueError):
        allocate_payment([("a", date(2026, 1, 1), m("1.00")), ("a", date(2026, 2, 1), m("1.00"))], m("1.00"))
    with pytest.raises(CurrencyMismatch):
        allocate_payment([("a", date(2026, 1, 1), Money("1.00", "USD"))], m("1.00"))


@settings(max_examples=200)
@given(
    outstanding=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=8),
    days=st.lists(st.integers(min_value=0, max_value=400), min_size=8, max_size=8),
    data=st.data(),
)
def test_allocation_is_exact_and_oldest_first(outstanding, days, data):
    charges = [
        (f"c{index}", date.fromordinal(date(2026, 1, 1).toordinal() + days[index]), Money.from_fen(fen))
        for index, fen in enumerate(outstanding)
    ]
    total = sum(outstanding)
    if total == 0:
        return
    amount = Money.from_fen(data.draw(st.integers(min_value=1, max_value=total)))
    applied = allocate_payment(charges, amount)
    assert sum(share.fen for _key, share in applied) == amount.fen
    by_key = {key: (due, owed) for key, due, owed in charges}
    order = sorted(charges, key=lambda charge: (charge[1], charge[0]))
    paid = dict(applied)
    partly_paid_seen = False
    for key, _due, owed in order:
        share = paid.get(key, ZERO)
        assert ZERO <= share <= by_key[key][1]
        if share < owed:
            partly_paid_seen = True
        elif owed.fen > 0:
            assert not partly_paid_seen, "a younger charge was settled before an older one"


# Auditing


def test_a_healthy_ledger_has_no_breaks():
    charge = charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("100.00"))
    ledger = [
        charge,
        payment_received(LICENCE, ENTERPRISE, UNIVERSITY, "p1", m("60.00")),
        charge_waived(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("40.00")),
    ]
    assert check_invariants(ledger) == []
    assert check_invariants([]) == []


def test_an_unbalanced_stored_transaction_is_found():
    bad = Transaction.unchecked(
        "charge:stored",
        TransactionKind.CHARGE_POSTED,
        LICENCE,
        [Leg(RECEIVABLE, Side.DEBIT, m("100.00")), Leg(REVENUE, Side.CREDIT, m("99.99"))],
    )
    assert check_invariants([bad]) == [
        (InvariantBreak.UNBALANCED, "charge:stored"),
        (InvariantBreak.TRIAL_BALANCE_NOT_ZERO, "CNY:1"),
    ]


def test_a_one_leg_and_a_mixed_currency_transaction_are_found():
    one_leg = Transaction.unchecked(
        "charge:a", TransactionKind.CHARGE_POSTED, LICENCE, [Leg(CASH, Side.DEBIT, m("1.00"))]
    )
    mixed = Transaction.unchecked(
        "charge:b",
        TransactionKind.CHARGE_POSTED,
        LICENCE,
        [Leg(RECEIVABLE, Side.DEBIT, m("1.00")), Leg(REVENUE, Side.CREDIT, Money("1.00", "USD"))],
    )
    found = check_invariants([one_leg, mixed])
    assert (InvariantBreak.UNBALANCED, "charge:a") in found
    assert (InvariantBreak.UNBALANCED, "charge:b") in found
    assert (InvariantBreak.TRIAL_BALANCE_NOT_ZERO, "CNY:200") in found
    assert (InvariantBreak.TRIAL_BALANCE_NOT_ZERO, "USD:-100") in found


def test_a_duplicate_key_is_found():
    charge = charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("100.00"))
    payment = payment_received(LICENCE, ENTERPRISE, UNIVERSITY, "double-click", m("10.00"))
    assert check_invariants([charge, payment, payment]) == [
        (InvariantBreak.DUPLICATE_KEY, "payment:double-click")
    ]


def test_paying_more_than_charged_is_found():
    ledger = [
        charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("100.00")),
        payment_received(LICENCE, ENTERPRISE, UNIVERSITY, "p1", m("100.01")),
        charge_posted(8, ENTERPRISE, UNIVERSITY, "c2", m("5.00")),
    ]
    assert check_invariants(ledger) == [
        (InvariantBreak.PAID_MORE_THAN_CHARGED, "licence:7 CNY paid=10001 charged=10000 waived=0")
    ]


def test_paying_a_waived_charge_is_found():
    ledger = [
        charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("100.00")),
        charge_waived(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("50.00")),
        payment_received(LICENCE, ENTERPRISE, UNIVERSITY, "p1", m("60.00")),
    ]
    assert breaks_of(ledger) == {InvariantBreak.PAID_MORE_THAN_CHARGED}


def test_waiving_more_than_charged_is_found():
    ledger = [
        charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("100.00")),
        charge_waived(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("100.01")),
    ]
    assert breaks_of(ledger) == {InvariantBreak.PAID_MORE_THAN_CHARGED}


def test_reversing_a_paid_charge_is_found_and_reversing_the_payment_too_heals_it():
    charge = charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("100.00"))
    payment = payment_received(LICENCE, ENTERPRISE, UNIVERSITY, "p1", m("100.00"))
    ledger = [charge, payment, reversal(charge)]
    assert breaks_of(ledger) == {InvariantBreak.PAID_MORE_THAN_CHARGED}
    assert check_invariants([*ledger, reversal(payment)]) == []


def test_a_reversal_of_an_unknown_transaction_is_found():
    payment = payment_received(LICENCE, ENTERPRISE, UNIVERSITY, "p1", m("10.00"))
    charge = charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("10.00"))
    assert check_invariants([charge, reversal(payment)]) == [
        (InvariantBreak.REVERSAL_OF_UNKNOWN, "reversal:payment:p1")
    ]


def test_a_double_reversal_is_found():
    charge = charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("10.00"))
    payment = payment_received(LICENCE, ENTERPRISE, UNIVERSITY, "p1", m("10.00"))
    first = reversal(payment)
    second = Transaction(
        "reversal-again:payment:p1", TransactionKind.REVERSAL, LICENCE, first.legs, payment.key
    )
    assert check_invariants([charge, payment, first, second]) == [
        (InvariantBreak.DOUBLE_REVERSAL, "payment:p1")
    ]


def test_a_reversal_that_does_not_mirror_its_original_is_found():
    charge = charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("10.00"))
    wrong_amount = Transaction(
        "reversal:charge:c1",
        TransactionKind.REVERSAL,
        LICENCE,
        [Leg(REVENUE, Side.DEBIT, m("9.00")), Leg(RECEIVABLE, Side.CREDIT, m("9.00"))],
        charge.key,
    )
    assert check_invariants([charge, wrong_amount]) == [
        (InvariantBreak.REVERSAL_MISMATCH, "reversal:charge:c1")
    ]
    wrong_licence = Transaction(
        "reversal:charge:c1", TransactionKind.REVERSAL, 8, reversal(charge).legs, charge.key
    )
    assert (InvariantBreak.REVERSAL_MISMATCH, "reversal:charge:c1") in check_invariants(
        [charge, wrong_licence]
    )


def test_a_reversal_of_a_reversal_is_found():
    charge = charge_posted(LICENCE, ENTERPRISE, UNIVERSITY, "c1", m("10.00"))
    undo = reversal(charge)
    redo = Transaction("reversal:" + undo.key, TransactionKind.REVERSAL, LICENCE, charge.legs, undo.key)
    assert check_invariants([charge, undo, redo]) == [(InvariantBreak.REVERSAL_MISMATCH, redo.key)]


# Random sequences: the ledger stays healthy and its balances match a simple model

LICENCES = {1: (10, 100), 2: (11, 100), 3: (10, 101)}  # licence → (enterprise, university)
ACTIONS = ("charge", "pay", "waive", "reverse")


@settings(max_examples=300)
@given(data=st.data(), steps=st.integers(min_value=1, max_value=25))
def test_random_sequences_keep_every_invariant(data, steps):
    ledger: list[Transaction] = []
    charged = dict.fromkeys(LICENCES, 0)  # fen, net of reversals
    waived = dict.fromkeys(LICENCES, 0)
    paid = dict.fromkeys(LICENCES, 0)
    reversed_keys: set[str] = set()

    def outstanding(licence: int) -> int:
        return charged[licence] - waived[licence] - paid[licence]

    for step in range(steps):
        action = data.draw(st.sampled_from(ACTIONS))
        licence = data.draw(st.sampled_from(sorted(LICENCES)))
        enterprise, university = LICENCES[licence]
        if action == "charge":
            fen = data.draw(st.integers(min_value=1, max_value=10**11))
            ledger.append(
                charge_posted(
                    licence, enterprise, university, f"licence:{licence}:{step}", Money.from_fen(fen)
                )
            )
            charged[licence] += fen
        elif action in ("pay", "waive") and outstanding(licence) > 0:
            fen = data.draw(st.integers(min_value=1, max_value=outstanding(licence)))
            if action == "pay":
                ledger.append(
                    payment_received(licence, enterprise, university, f"idem-{step}", Money.from_fen(fen))
                )
                paid[licence] += fen
            else:
                ledger.append(
                    charge_waived(
                        licence, enterprise, university, f"licence:{licence}:{step}", Money.from_fen(fen)
                    )
                )
                waived[licence] += fen
        elif action == "reverse":
            candidates = [
                transaction
                for transaction in ledger
                if transaction.kind is not TransactionKind.REVERSAL
                and transaction.key not in reversed_keys
                and (
                    transaction.kind is not TransactionKind.CHARGE_POSTED
                    or outstanding(transaction.licence_id) >= transaction.amount.fen
                )
            ]
            if candidates:
                original = data.draw(st.sampled_from(candidates))
                ledger.append(reversal(original))
                reversed_keys.add(original.key)
                totals = {
                    TransactionKind.CHARGE_POSTED: charged,
                    TransactionKind.CHARGE_WAIVED: waived,
                    TransactionKind.PAYMENT_RECEIVED: paid,
                }[original.kind]
                totals[original.licence_id] -= original.amount.fen

        assert check_invariants(ledger) == []
        assert trial_balance(ledger) == ZERO
        for enterprise_id in {enterprise for enterprise, _ in LICENCES.values()}:
            expected = sum(outstanding(lid) for lid, (owner, _) in LICENCES.items() if owner == enterprise_id)
            assert balance(ledger, AccountRef.enterprise_receivable(enterprise_id)).fen == expected
        for university_id in {university for _, university in LICENCES.values()}:
            mine = [lid for lid, (_, owner) in LICENCES.items() if owner == university_id]
            revenue = sum(charged[lid] - waived[lid] for lid in mine)
            assert balance(ledger, AccountRef.university_revenue(university_id)).fen == revenue
            assert balance(ledger, AccountRef.university_cash(university_id)).fen == sum(
                paid[lid] for lid in mine
            )
