"""One module per command: each a plain function that takes converted values and returns the
exit status (cli/app.py declares their arguments for typer; cli/fast.py calls `validate`,
`version` and `lsp` without it)."""
