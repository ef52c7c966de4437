"""One parallelism knob: extraction batches on worker processes, or on a Dask cluster, give the
same tables as the default in-process run; commits stay in the flow's process."""

import os
import socket

import pytest

from quoteflow.flow import quoteflow_flow

from .conftest import ARTICLES, comparable, read_tables, write_articles

HERE = f"{socket.gethostname()}:{os.getpid()}"


@pytest.fixture(scope="module")
def reference(tmp_path_factory, prefect_api):
    """The six articles, and the tables of a default run (one batch per article)."""
    root = tmp_path_factory.mktemp("scaling")
    src = write_articles(root / "in", ARTICLES)
    summary = quoteflow_flow(source=str(src), out=str(root / "default"), batch_size=1)
    assert summary.workers == [HERE]  # one worker: extraction in the flow's own process
    return src, read_tables(root / "default"), summary


def same_tables(out, reference_tables) -> None:
    got = read_tables(out)
    assert {n: comparable(r) for n, r in got.items()} == {n: comparable(r) for n, r in reference_tables.items()}
    assert got["quotes"], "the comparison must cover extracted rows"


@pytest.mark.slow
def test_workers_extract_batches_on_worker_processes_with_the_same_tables(tmp_path, reference):
    src, tables, default = reference
    pooled = quoteflow_flow(source=str(src), out=str(tmp_path / "pooled"), batch_size=1, workers=2)
    assert pooled.workers and HERE not in pooled.workers, pooled.workers
    assert (pooled.new, pooled.batches) == (default.new, default.batches) == (6, 6)
    same_tables(tmp_path / "pooled", tables)


@pytest.mark.slow
def test_a_dask_cluster_extracts_batches_with_the_same_tables(tmp_path, reference):
    from distributed import LocalCluster

    src, tables, _ = reference
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        summary = quoteflow_flow(
            source=str(src),
            out=str(tmp_path / "dask"),
            batch_size=1,
            workers=2,
            task_runner="dask",
            dask_address=cluster.scheduler_address,
        )
        worker_pids = {str(w.pid) for w in cluster.workers.values() if getattr(w, "pid", None)}
    assert summary.new == 6 and summary.workers and HERE not in summary.workers, summary.workers
    if worker_pids:  # the batches ran on the cluster's worker processes
        assert {w.rsplit(":", 1)[1] for w in summary.workers} <= worker_pids
    same_tables(tmp_path / "dask", tables)
