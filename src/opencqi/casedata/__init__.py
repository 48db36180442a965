"""Case data: input schemas, validated all-or-nothing import, the warehouse, synthetic data."""
