"""The incubator's datarooms (issue #15)."""
