"""Measure pages: state overview, county profile, measure detail, the public view, downloads and
the quarterly county data report."""
