"""`flask --app portal export data-inclusion DIR` and `export mediation-numerique DIR`: write
the open files (JSON and CSV) to a folder, for data.gouv.fr or a national tool."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask

from portal.api import exports, open_files

DATASETS = ("data-inclusion", "mediation-numerique")


def write_dataset(dataset: str, folder: Path) -> dict[str, exports.Report]:
    """Write every file of a dataset (name.json and name.csv) to `folder`, reading the rows once
    for both (so that they hold the same rows); the report of each file name."""
    folder.mkdir(parents=True, exist_ok=True)
    reports = {}
    for item in open_files.FILES:
        if item.dataset != dataset:
            continue
        report = reports[item.name] = exports.Report()
        with (folder / f"{item.name}.json").open("w", encoding="utf-8") as as_json, \
                (folder / f"{item.name}.csv").open("w", encoding="utf-8", newline="") as as_csv:
            writer = open_files.csv_writer(as_csv)
            writer.writerow(item.fields)
            as_json.write(open_files.JSON_START)
            for index, row in enumerate(item.rows(report)):
                as_json.write(open_files.json_item(row, index))
                writer.writerow(open_files.csv_cells(row, item.fields))
            as_json.write(open_files.JSON_END)
    return reports


def register(app: Flask) -> None:
    """Attach the export commands to the Flask CLI."""

    @app.cli.group("export")
    def export_group() -> None:
        """Write the open-data files."""

    @export_group.command("data-inclusion")
    @click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
    def export_data_inclusion(folder: Path) -> None:
        """Structures and services in the data·inclusion v1 schema (JSON and CSV)."""
        _run("data-inclusion", folder)

    @export_group.command("mediation-numerique")
    @click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
    def export_mednum(folder: Path) -> None:
        """The lieux de médiation numérique (JSON and CSV)."""
        _run("mediation-numerique", folder)


def _run(dataset: str, folder: Path) -> None:
    started = time.perf_counter()
    reports = write_dataset(dataset, folder)
    for name, report in reports.items():
        click.echo(f"{name} : {report.written} ligne(s) écrite(s) dans {folder / name}.json et "
                   f"{folder / name}.csv, {len(report.left_out)} laissée(s) de côté.")
        for key, why in report.left_out:
            click.echo(f"  laissée de côté : {key} — {why}")
    click.echo(f"Terminé en {time.perf_counter() - started:.1f} s.")
