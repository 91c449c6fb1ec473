"""The records of an import read as they come, and read again at each pass."""


class Stream:
    """The records of a file read as they come, and read again at each pass (a first pass checks
    every row, a second writes them): iterating gives (where, record). After a pass, `errors`
    holds the problems the reader found (where, reason) and `not_kept` counts, by field, the
    records carrying what the portal does not keep. `produce()` yields ("record", where, record,
    not_kept) or ("error", where, reason).

    A reader that keeps something between passes (an HSDS package's tables staged on disk)
    gives `close`, which removes it: the Stream is a context manager that closes it when the
    import ends, whether it ended well or not."""

    def __init__(self, produce, close=None):
        self._produce = produce
        self._close = close
        self.errors: list = []
        self.not_kept: dict[str, int] = {}

    def __iter__(self):
        errors, not_kept = [], {}
        self.errors, self.not_kept = errors, not_kept
        for item in self._produce():
            if item[0] == "error":
                errors.append((item[1], item[2]))
                continue
            for name in item[3]:
                not_kept[name] = not_kept.get(name, 0) + 1
            yield item[1], item[2]

    def close(self) -> None:
        if self._close is not None:
            self._close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
