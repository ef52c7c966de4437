"""The `quoteflow` commands, one module per group; `quoteflow.cli` builds the app from them.

    run.py       run                       one run of the flow over SOURCE
    serve.py     serve                     a scheduled deployment on a Prefect server
    health.py    check, repair             is the output whole; restore the newest intact version
    views.py     snapshot, report, show    read what runs wrote
    explore.py   explore                   the local web app
    common.py    the arguments and options several commands share, the consoles, Ctrl-C

Each command is a plain typed function (`run.run("news/", "data")` is what
`quoteflow run news/ --out data` calls); importing a module changes nothing (no
environment variable, no signal handler): `cli.main` does that.
"""
