"""One module per CLI command group; `outagewatch.cli` registers them."""
