"""The portal's database backends: Django's, which renew data versions at commit
(portal.db.at_commit)."""
