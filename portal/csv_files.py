"""The one way the portal writes (and reads back) CSV: a cell that a spreadsheet would take for
a formula (starting with = + - @, a tab or a carriage return) is written with a leading
apostrophe, so that opening an export never runs what someone typed into a field. The readers
remove that apostrophe again, so that an export imported back is unchanged."""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell made inert for spreadsheets; numbers and empty cells are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value):
    """The text as it was before `neutralise`."""
    if isinstance(value, str) and value.startswith("'") and value[1:2].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class Writer:
    """csv.writer whose text cells are neutralised."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class DictWriter(csv.DictWriter):
    """csv.DictWriter whose text cells are neutralised (the header row is the portal's own)."""

    def writerow(self, rowdict):
        return super().writerow({key: neutralise(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        for rowdict in rowdicts:
            self.writerow(rowdict)


class DictReader(csv.DictReader):
    """csv.DictReader that gives back the text that `DictWriter` neutralised."""

    def __next__(self):
        row = super().__next__()
        return {key: restore(value) for key, value in row.items()}
