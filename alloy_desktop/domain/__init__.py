"""Pure domain core: formulas, tables, planner and rules; standard library only."""
