"""Pages of 督查督办; one module per page family (ledger, matters, tasks, requests, papers, overview)."""
