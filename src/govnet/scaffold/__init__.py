"""`govnet init`: a new model skeleton for any province."""
