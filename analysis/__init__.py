"""Reports and plots built on `sim`; `sim` never imports this package."""
