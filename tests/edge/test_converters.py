"""Ids in URLs and numbers in query strings: ASCII digits within the column's range, or nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import BigInteger, Integer

from marketplace.edge.converters import MAX_ID, IdConverter
from marketplace.extensions import db

_CONVERTER = re.compile(r"<(?:([a-zA-Z_]\w*)(?:\([^)]*\))?:)?([a-zA-Z_]\w*)>")


def test_no_route_uses_the_plain_int_converter(app):
    plain = [rule.rule for rule in app.url_map.iter_rules()
             if any(converter in ("int", "float") for converter, _ in _CONVERTER.findall(rule.rule))]
    assert plain == []


def test_every_id_in_a_url_uses_the_id_converter(app):
    assert app.url_map.converters["id"] is IdConverter
    wrong = [(rule.rule, name) for rule in app.url_map.iter_rules()
             for converter, name in _CONVERTER.findall(rule.rule)
             if name.endswith("_id") and converter != "id"]
    assert wrong == []


def test_every_primary_key_fits_the_id_converter():
    """The converter's bound is PostgreSQL's `integer`; a BigInteger key would need another converter."""
    for table in db.metadata.sorted_tables:
        for column in table.primary_key.columns:
            assert isinstance(column.type, Integer) and not isinstance(column.type, BigInteger), (
                f"{table.name}.{column.name}")
    assert MAX_ID == 2**31 - 1


@pytest.mark.parametrize("path", ["/patents/99999999999999999999", "/patents/2147483648", "/patents/0",
                                  "/patents/-1", "/patents/%C2%B2", "/patents/%D9%A1%D9%A2",
                                  "/licences/2147483648", "/patents/" + "9" * 25])
def test_an_impossible_id_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_largest_id_is_looked_up(client):
    assert client.get(f"/patents/{MAX_ID}").status_code == 404  # no such row, but a valid question


def test_links_are_built_with_the_converter(app):
    with app.test_request_context():
        from flask import url_for

        assert url_for("catalogue.detail", patent_id=12) == "/patents/12"


@pytest.mark.parametrize("page", ["9" * 25, "%C2%B2", "%D9%A1%D9%A2", "-1", "0", "abc"])
@pytest.mark.parametrize("path", ["/patents", "/admin/users/", "/admin/universities"])
def test_a_junk_page_number_is_the_first_page(client, login_as, page, path):
    from marketplace.accounts.models import Role

    login_as(Role.ADMIN)
    assert client.get(f"{path}?page={page}").status_code == 200


@pytest.mark.parametrize("name", ["university", "trl", "price"])
@pytest.mark.parametrize("value", ["%C2%B2", "%D9%A1%D9%A2", "9" * 25, "-1"])
def test_junk_numbers_in_catalogue_filters_are_ignored(client, name, value):
    assert client.get(f"/patents?{name}={value}").status_code == 200


def test_other_digits_are_not_read_as_numbers():
    from marketplace.catalogue.search import SearchQuery

    query = SearchQuery.from_args({"university": "١٢", "trl": "٣", "page": "²", "price": "１"})
    assert (query.university, query.trl, query.page, query.price) == (None, None, 1, None)
    assert SearchQuery.from_args({"university": "12", "trl": "3", "page": "2"}).university == 12
