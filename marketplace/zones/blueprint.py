"""The zones blueprint: organisers' pages under /organiser/zones, public pages under /zones."""

from flask import Blueprint

bp = Blueprint("zones", __name__)
