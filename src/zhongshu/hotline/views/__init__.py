"""Pages of the 12345 hotline, one module per job (tickets, kpi, search, insight)."""
