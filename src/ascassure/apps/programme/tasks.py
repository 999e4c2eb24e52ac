"""Background work: a scheduler run goes to the task worker (``ascassure db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def plan_run_task(run_id: int) -> str:
    from ascassure.apps.programme.services import plan_run_execute

    return plan_run_execute(run_id=run_id).status
