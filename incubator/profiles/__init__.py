"""The incubator's profiles (issue #15)."""
