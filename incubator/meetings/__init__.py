"""The incubator's meetings (issue #15)."""
