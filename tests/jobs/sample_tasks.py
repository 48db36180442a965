"""Job tasks used by the tests of the progress machinery."""

from opencqi.jobs.running import job_task


@job_task
def count_to(progress, n):
    for i in range(1, n + 1):
        progress(i, n, f"Counted {i} of {n}")
    return "/counties/"


@job_task
def fail_on_empty_file(progress):
    progress(0, 1, "Reading the file")
    raise ValueError("episodes.csv is empty")
