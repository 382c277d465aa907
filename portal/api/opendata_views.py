"""/donnees: the open files of the directory, for the open-data officer and the national tools
(what each holds, its formats, its row count, its last update and its licence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, render_template, url_for

from portal.api import export_views, open_files
from portal.api.blueprint import pages_bp


@dataclass(frozen=True)
class Listed:
    """One file as the page lists it."""

    item: open_files.OpenFile
    count: int
    updated: datetime | None
    links: tuple[tuple[str, str], ...]  # (format, URL)


@pages_bp.get("/donnees")
def open_data():
    """The list of the open files, with their formats, sizes, dates and licence."""
    listed = []
    for item in open_files.FILES:
        summary = item.summary()
        links = tuple((fmt.upper(), url_for(f"api.{item.dataset}_{item.name}_{fmt}"))
                      for fmt in export_views.FORMATS)
        listed.append(Listed(item, summary.count, summary.updated, links))
    config = current_app.config
    return render_template("open_data/index.html", files=listed,
                           licence=config["PORTAL_OPEN_DATA_LICENCE"],
                           licence_url=config["PORTAL_OPEN_DATA_LICENCE_URL"],
                           api_doc=_api_doc())


def _api_doc() -> str | None:
    """The API's documentation page, when the site has it."""
    return url_for("open_data.api_doc") if "open_data.api_doc" in current_app.view_functions else None
