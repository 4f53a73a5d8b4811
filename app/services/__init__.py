"""Use cases and I/O: what the window and the command line ask the engine to do."""
