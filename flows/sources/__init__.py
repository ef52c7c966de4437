"""Inputs: find the articles under SOURCE (`discover`), read them (`read`), decode their
bytes by one documented rule (`decode`) and take what metadata they carry (`metadata`).

Each input ends as an `Article` or a `Rejection` with a reason a person can act on;
nothing is dropped.
"""
