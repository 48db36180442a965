"""OpenCQI: the continuous quality improvement cycle of county human services agencies."""

__version__ = "0.1.0"
