import pytest

from tests.dashboard.factories import standard_results


@pytest.fixture
def results(counties):
    """A run with all 14 measures for California and the 58 counties over five periods."""
    return standard_results()
