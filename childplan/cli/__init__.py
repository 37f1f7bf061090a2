"""The command line, `python -m childplan COMMAND` (main): for the server's
operators, whose file permissions protect what it prints."""
