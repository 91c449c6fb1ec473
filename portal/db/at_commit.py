"""Data versions renewed at commit, in one order (see portal.versions).

Renewing a version updates its row (portal.models.DataVersion), which PostgreSQL keeps locked
until the transaction ends. Updated where the change happens, that lock was held while the
transaction went on writing: two transactions renewing two versions in opposite orders (a
dysfunction scheduled on a meeting, a meeting cancelled with its dysfunctions), or one
holding a version while waiting for a row the other had written, could deadlock, and every
writer of a kind waited for the others' whole transactions.

Inside a transaction, a change is noted on the connection; the versions noted are renewed
just before the commit, sorted by name. By then the transaction has written everything: it
waits only for version rows, taken in the same order by every transaction, so none can
deadlock, and each row is held for the commit's duration only. The renewal is still in the
transaction: committed with the change or not at all. Released savepoints of an enclosing
test case's transaction stand for commits (the tests' own transactions never commit)."""


class RenewVersionsAtCommit:
    """A mix-in for a database backend's DatabaseWrapper."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions_to_renew = set()

    def defers_renewal(self) -> bool:
        """Whether a change made now is renewed when the enclosing transaction commits: inside
        a transaction whose outermost block of the application's own will commit or release its
        savepoint (not a block without savepoint directly under a test case's transaction)."""
        if not self.in_atomic_block:
            return False
        blocks = self.atomic_blocks
        first = next((i for i, block in enumerate(blocks) if not block._from_testcase), None)
        if first is None:
            return False
        return first == 0 or self.savepoint_ids[first - 1] is not None

    def renew_noted_versions(self) -> None:
        from portal import versions

        names, self.versions_to_renew = sorted(self.versions_to_renew), set()
        for name in names:
            versions.renew(name)

    def commit(self):
        if self.versions_to_renew:
            self.renew_noted_versions()  # an error here rolls the whole transaction back
        super().commit()

    def savepoint_commit(self, sid):
        super().savepoint_commit(sid)
        if self.versions_to_renew and all(b._from_testcase for b in self.atomic_blocks):
            self.renew_noted_versions()

    def savepoint_rollback(self, sid):
        super().savepoint_rollback(sid)
        if self.versions_to_renew and all(b._from_testcase for b in self.atomic_blocks):
            self.versions_to_renew = set()  # the application's transaction rolled back

    def rollback(self):
        self.versions_to_renew = set()
        super().rollback()

    def _close(self):
        self.versions_to_renew = set()
        super()._close()
