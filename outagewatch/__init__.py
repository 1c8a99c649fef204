"""outagewatch: public complaints and status pages in, outage incidents out."""

__version__ = "0.1.0"
