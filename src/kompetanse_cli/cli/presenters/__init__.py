"""Text for the terminal, laid out from the view-models the core builds."""
