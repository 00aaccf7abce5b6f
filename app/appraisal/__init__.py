"""Appraisals (績效考核): KPI templates, cycles, the appraisal flow, bonus and training."""
