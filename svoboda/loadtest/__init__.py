"""Load and fault tests of the public help form, run against a real server (gunicorn).

`svoboda loadtest` (svoboda/management/commands/loadtest.py, `make loadtest`) sends help requests
and reads public pages at a fixed rate, then checks in the database that every acknowledged
request is stored exactly once. intake/tests/test_database_cut_postgresql.py uses the same form
handling to cut the database in the middle of submissions.
"""
