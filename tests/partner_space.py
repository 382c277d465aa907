"""Helpers of the partner-space tests: forms as a browser would send them back."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from portal.extensions import db
from portal.moderation.models import Revision

_INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a page (base version, base revision), by name."""
    fields = {}
    for tag in _INPUT.findall(html):
        attrs = dict(_ATTR.findall(tag))
        if attrs.get("type") == "hidden" and "name" in attrs:
            fields[attrs["name"]] = unescape(attrs.get("value", ""))
    return fields


def form_values(html: str) -> dict[str, str]:
    """Every text-like input of a page with its value (what the browser would send back)."""
    values = {}
    for tag in _INPUT.findall(html):
        attrs = dict(_ATTR.findall(tag))
        if attrs.get("type") in ("text", "hidden", "time", "date", None) and "name" in attrs:
            values[attrs["name"]] = unescape(attrs.get("value", ""))
        elif attrs.get("type") in ("checkbox", "radio") and "checked" in tag and "name" in attrs:
            value = attrs.get("value", "y")
            if attrs["name"] in values:  # the ticked boxes of a multiple choice, as a list
                before = values[attrs["name"]]
                values[attrs["name"]] = [*(before if isinstance(before, list) else [before]), value]
            else:
                values[attrs["name"]] = value
    return values


_TEXTAREA = re.compile(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', re.S)
_SELECT = re.compile(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.S)
_OPTION = re.compile(r"<option\b([^>]*)>")


def filled_form(html: str) -> dict:
    """What a browser sends back from the page's form as it is filled (inputs, text areas,
    selected options; a multiple choice as a list)."""
    data: dict = form_values(html)
    # A group of checkboxes (a name on several boxes) is a multiple choice: a list, even empty.
    boxes = [dict(_ATTR.findall(tag)).get("name") for tag in _INPUT.findall(html) if 'type="checkbox"' in tag]
    for name in {n for n in boxes if n and boxes.count(n) > 1}:
        ticked = data.get(name, [])
        data[name] = ticked if isinstance(ticked, list) else [ticked]
    for name, text in _TEXTAREA.findall(html):
        data[name] = unescape(text).removeprefix("\n")
    for name, options in _SELECT.findall(html):
        chosen = [unescape(dict(_ATTR.findall(attrs)).get("value", ""))
                  for attrs in _OPTION.findall(options) if re.search(r"\bselected\b", attrs)]
        data[name] = chosen
    return data


def presentation_form(client, slug: str, **changes) -> dict:
    """The presentation form as it is filled on the page, with `changes` typed in."""
    data = filled_form(client.get(f"/espace/{slug}/presentation").get_data(as_text=True))
    data.update(changes)
    return data


def service_form(client, slug: str, key, **changes) -> dict:
    """A service's form as it is filled on the page, with `changes` typed in."""
    data = filled_form(client.get(f"/espace/{slug}/services/{key}").get_data(as_text=True))
    data.update(changes)
    return data


def revisions_of(partner) -> list[Revision]:
    return list(db.session.scalars(select(Revision).where(Revision.partner_id == partner.id).order_by(Revision.id)))


def weekly_form(client, slug: str, grid: dict[int, list[tuple[str, str, bool]]], holidays=True) -> dict:
    """The weekly hours form with `grid` (weekday -> [(opens, closes, after midnight)]) typed in."""
    data = hidden_fields(client.get(f"/espace/{slug}/horaires").get_data(as_text=True))
    for day in range(7):
        intervals = grid.get(day, [])
        for i in range(2):
            opens, closes, overnight = intervals[i] if i < len(intervals) else ("", "", False)
            data[f"days-{day}-intervals-{i}-opens"] = opens
            data[f"days-{day}-intervals-{i}-closes"] = closes
            if overnight:
                data[f"days-{day}-intervals-{i}-overnight"] = "y"
    if holidays:
        data["closed_on_public_holidays"] = "y"
    return data
