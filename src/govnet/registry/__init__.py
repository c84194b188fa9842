"""The access registry: lifecycle, unified social credit codes, safe edits."""
