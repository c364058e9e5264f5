from .excel_parse import parse_workbook
