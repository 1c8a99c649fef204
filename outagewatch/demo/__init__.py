"""outagewatch/demo."""
