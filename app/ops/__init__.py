"""Operations: backup, restore and the per-process ticker of periodic jobs."""
