"""A report's HTML and chart specs to PDF bytes. It reads no database, so a batch of reports
can be rendered in worker processes while the main process reads the next county's figures."""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from opencqi.documents.pdf import pdf_bytes

from . import charts


def render_pdf(html, specs) -> bytes:
    """`html` refers to each chart as <img src="image:NAME">; `specs` maps NAME to its spec."""
    return pdf_bytes(html, {name: charts.svg(spec) for name, spec in specs.items()})


def render_all(documents, workers=None):
    """Yield (key, PDF bytes) for (key, html, specs) `documents`, in their order, rendering up
    to `workers` (default: one per CPU) at a time while the next documents are prepared."""
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        for key, html, specs in documents:
            yield key, render_pdf(html, specs)
        return
    context = multiprocessing.get_context("spawn")  # no forked copies of open connections
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = []
        for key, html, specs in documents:
            pending.append((key, pool.submit(render_pdf, html, specs)))
            while len(pending) > workers:
                done_key, future = pending.pop(0)
                yield done_key, future.result()
        for key, future in pending:
            yield key, future.result()
