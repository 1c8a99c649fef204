"""outagewatch/exports."""
