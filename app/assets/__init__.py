"""Assets (資產): register, exact depreciation, stock-takes, disposals, equipment, supplies."""
