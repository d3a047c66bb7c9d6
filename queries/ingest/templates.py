"""Downloadable templates per dataset kind: CSV and .xlsx, Chinese or English headers, one example row.

The example row shows the format; delete it before uploading (it would be committed otherwise).
"""

import csv
import io

from queries.ingest.kinds import KINDS


def template_rows(kind: str, language: str) -> tuple[list[str], list[str]]:
    columns = KINDS[kind].columns
    headers = [column.header_zh if language == "zh" else column.header_en for column in columns]
    example = [column.example_zh if language == "zh" else column.example_en for column in columns]
    return headers, example


def template_csv(kind: str, language: str) -> bytes:
    """UTF-8 with BOM, so Excel opens the Chinese headers correctly."""
    headers, example = template_rows(kind, language)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerow(example)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(kind: str, language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    headers, example = template_rows(kind, language)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind
    sheet.append(headers)
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, len(header) * 2 + 4)
    for row in sheet.iter_rows(min_row=2, max_row=2):
        for cell in row:
            cell.number_format = "@"  # text, so Excel keeps codes such as 000 and ccid_2024 as typed
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
