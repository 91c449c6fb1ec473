"""The dysfunction register (see the register issue): dysfunctions and their history."""
