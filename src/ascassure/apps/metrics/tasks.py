"""Background work: a long import runs in the task worker (``ascassure db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def data_import_task(import_id: int) -> str:
    from ascassure.apps.metrics.models import DataImport
    from ascassure.apps.metrics.services import data_import_run

    data_import = DataImport.objects.get(pk=import_id)
    return data_import_run(data_import=data_import).status
