"""The incubator's matching (issue #15)."""
