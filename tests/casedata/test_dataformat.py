from pathlib import Path

from opencqi.casedata.dataformat import render_data_format

DOC = Path(__file__).parents[2] / "docs" / "data-format.md"


def test_the_committed_data_format_page_is_the_rendered_one():
    assert DOC.read_text(encoding="utf-8") == render_data_format(), (
        "regenerate it: python -m opencqi.casedata.dataformat > docs/data-format.md"
    )
