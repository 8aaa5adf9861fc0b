"""Experiments: an evaluation that decides to start a procedure opens it. (The coördinator is
mailed before an evaluation by the daily monitor, flows/monitor.py.) Parameters and results
are ids and small enums only."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from tasks.steps import experiments

FLOW_OPTIONS = {"persist_result": False, "log_prints": False}


@task(name="procedure-for-experiment", cache_policy=NO_CACHE, persist_result=False)
def _procedure_to_start(experiment_id: int) -> tuple[str, str] | None:
    return experiments.procedure_to_start(experiment_id)


@task(name="link-procedure", cache_policy=NO_CACHE, persist_result=False)
def _link(experiment_id: int, procedure_id: int) -> None:
    experiments.link(experiment_id, procedure_id)


@flow(name="experiment-start-procedure", **FLOW_OPTIONS)  # type: ignore[call-overload]
def start_procedure(experiment_id: int) -> int | None:
    """After an evaluation decided to start a procedure: open a vacancy procedure (or, in the
    last year of a term, the renewal) and link it. A rerun finds it linked and does nothing."""
    todo = _procedure_to_start(experiment_id)
    if todo is None:
        return None
    kind, area = todo
    from flows import procedure as procedure_flows

    if kind == "renewal":
        opened = procedure_flows.start_renewal(area)[0]
    else:
        opened = procedure_flows.start_vacancy(area)
    procedure_id = int(str(opened["procedure_id"]))
    _link(experiment_id, procedure_id)
    return procedure_id
