"""中枢 (zhongshu): the platform of a city government's general office."""

__version__ = "0.1.0"
