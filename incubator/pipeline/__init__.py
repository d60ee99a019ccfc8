"""The incubator's pipeline (issue #15)."""
