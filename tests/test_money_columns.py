"""No money (or any other) column in the schema is a float or an SQL NUMERIC: amounts are integer fen."""

from sqlalchemy import Float, Numeric

from marketplace.extensions import db


def test_no_float_or_numeric_columns():
    offenders = [
        f"{table.name}.{column.name}"
        for table in db.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, Float | Numeric)
    ]
    assert offenders == []


def test_money_columns_are_big_integers_in_fen():
    from sqlalchemy import BigInteger

    money = [
        (table.name, column.name, type(column.type))
        for table in db.metadata.tables.values()
        for column in table.columns
        if column.name.endswith("_fen")
    ]
    assert money, "expected fen columns"
    assert all(kind is BigInteger for _, _, kind in money), money
