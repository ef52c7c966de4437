"""Whether a place quoteflow reads or writes is a URI (a filesystem pyarrow or boto3 reaches by
its scheme) or a local path: the one test, asked of SOURCE, OUT, a run's log and an endpoint.

    is_uri("s3://news/out?endpoint_override=127.0.0.1:9000")   # -> True
    is_uri("file:///srv/news")                                  # -> True
    is_uri("data"), is_uri("/srv/news")                         # -> False, False: local folders

A module of its own, importing nothing, so the command line's checks and the S3 helpers ask
it without loading the dataset's backends.
"""


def is_uri(place: str) -> bool:
    return "://" in place
