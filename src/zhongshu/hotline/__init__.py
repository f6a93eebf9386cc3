"""12345 热线: tickets from intake to callback (see models.py, intake.py, transitions.py)."""
