"""`komp utbetaling`: the payout list, one row per recipient, scheme and year, as XLSX or CSV.

The rows are the innstilling's own (`Innstilling.utbetalinger`, made in the same pass as its
table per recipient), so the totals equal the innstilling's to the krone; for a year with
Statsforvalteren's vedtak they are the decided amounts per recipient instead. CSV uses `;` and, in a
file, a UTF-8 byte order mark, which Norwegian Excel needs to open it correctly; XLSX has number
formats, a frozen header row, column widths, and the totals per scheme on a sheet of their own.
"""

from __future__ import annotations

import csv
import io

from .viewmodel.innstilling import Innstilling

HEADER = ("Navn", "Org.nr.", "Rolle", "Ordning", "År", "Beløp", "Tiltak")
TOTALS_HEADER = ("Ordning", "År", "Beløp")
FORMATS = {".xlsx": "xlsx", ".csv": "csv"}

# A spreadsheet reads a cell that starts with one of these as a formula: text from the planning
# files (an owner's name) must never run when the payout list is opened.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert_cell(text: str) -> str:
    """Text for a CSV cell: a leading apostrophe, as spreadsheets themselves write it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(model: Innstilling) -> list[tuple[str, str, str, str, int, int, str]]:
    return [(u.navn, u.orgnr or "", u.rolle, u.ordning.navn, u.aar, u.beloep, ", ".join(u.tiltak))
            for u in model.utbetalinger]


def totals(model: Innstilling) -> list[tuple[str, int, int]]:
    """Per scheme the sum paid out (the vedtak's where there is one, else the innstilling's
    sums per recipient column), then all."""
    per_scheme = model.utbetalt_per_ordning or model.mottakere_sum
    out = [(o.navn, model.aar, amount) for o, amount in zip(model.ordninger, per_scheme,
                                                             strict=True)]
    out.append(("Sum", model.aar, model.sum_utbetalt if model.utbetalt_per_ordning
                else model.sum_anbefalt))
    return out


def write_csv(model: Innstilling, *, bom: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(tuple(_inert_cell(c) if isinstance(c, str) else c for c in row)
                     for row in rows(model))
    writer.writerow(())
    for navn, aar, amount in totals(model):
        writer.writerow((f"Sum {navn}" if navn != "Sum" else "Sum", "", "",
                         navn if navn != "Sum" else "", aar, amount, ""))
    return ("\ufeff" if bom else "") + buffer.getvalue()


def write_xlsx(model: Innstilling) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    kroner = '#,##0 "kr"'
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Utbetaling"
    sheet.append(HEADER)
    for navn, orgnr, rolle, ordning, aar, beloep, tiltak in rows(model):
        sheet.append((navn, orgnr, rolle, ordning, aar, beloep, tiltak))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                cell.data_type = "s"  # openpyxl took it for a formula; it is the text as written
                cell.quotePrefix = True
        row[1].number_format = "@"  # orgnr as text: Excel keeps every digit
        row[4].number_format = "0"
        row[5].number_format = kroner
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{max(1, sheet.max_row)}"
    widths = [max(len(str(c.value or "")) for c in column) for column in sheet.columns]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.column_dimensions["F"].width = max(widths[5] + 6, 14)

    summary = book.create_sheet("Sum per ordning")
    summary.append(TOTALS_HEADER)
    for line in totals(model):
        summary.append(line)
    for cell in summary[1]:
        cell.font = Font(bold=True)
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    for row in summary.iter_rows(min_row=2):
        row[1].number_format = "0"
        row[2].number_format = kroner
        row[2].alignment = Alignment(horizontal="right")
    summary.freeze_panes = "A2"
    summary.column_dimensions["A"].width = 16
    summary.column_dimensions["C"].width = 18
    book.properties.title = f"Utbetaling {model.aar}: {model.forum.navn}"
    book.properties.creator = "komp"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
