"""Open Referral HSDS 3.0, checked against the official files of directory/standards/hsds/:
the compound JSON service (mapping.py, json.py) and the tabular datapackage (package.py)."""
