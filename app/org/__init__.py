"""Organisation: departments (tree), positions (崗位) and employees."""
