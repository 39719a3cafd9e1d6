#!/usr/bin/env python3
"""Dumps one sheet of an .xlsx workbook as tab-separated cells, to check a
workbook carecast wrote without Excel: each cell as TYPE:VALUE[:FORMAT], where
TYPE is s (text), n (number) or b (blank), and FORMAT is the number format code
of a number. Standard library only (zipfile, xml.etree).

Usage: xlsx_dump.py WORKBOOK [SHEET-NAME]   (no sheet: list the sheet names)
"""
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
BUILTIN = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%"}


def column(ref):
    n = 0
    for ch in ref:
        if ch.isalpha():
            n = n * 26 + ord(ch.upper()) - 64
    return n - 1


def main():
    book = zipfile.ZipFile(sys.argv[1])
    wb = ET.fromstring(book.read("xl/workbook.xml"))
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    sheets = [(s.get("name"), targets[s.get("{%s}id" % NS["r"])])
              for s in wb.find("m:sheets", NS)]
    if len(sys.argv) < 3:
        for name, _ in sheets:
            print(name)
        return 0
    path = dict(sheets).get(sys.argv[2])
    if path is None:
        print("no sheet %r" % sys.argv[2], file=sys.stderr)
        return 1
    strings = []
    if "xl/sharedStrings.xml" in book.namelist():
        for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    styles = ET.fromstring(book.read("xl/styles.xml"))
    codes = dict(BUILTIN)
    numfmts = styles.find("m:numFmts", NS)
    for f in (numfmts if numfmts is not None else []):
        codes[int(f.get("numFmtId"))] = f.get("formatCode")
    xfs = [int(x.get("numFmtId", "0")) for x in styles.find("m:cellXfs", NS)]
    sheet = ET.fromstring(book.read("xl/" + path.lstrip("/").replace("xl/", "")))
    for row in sheet.find("m:sheetData", NS):
        cells = {}
        for c in row:
            v = c.find("m:v", NS)
            kind = c.get("t")
            if kind == "s":
                cells[column(c.get("r"))] = "s:" + strings[int(v.text)]
            elif kind == "inlineStr":
                cells[column(c.get("r"))] = "s:" + "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
            elif v is None:
                cells[column(c.get("r"))] = "b:"
            else:
                code = codes.get(xfs[int(c.get("s", "0"))], "General")
                cells[column(c.get("r"))] = "n:" + v.text + ":" + code
        width = max(cells) + 1 if cells else 0
        print("\t".join(cells.get(i, "b:") for i in range(width)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # a reader (head) that stopped early
        sys.exit(0)
