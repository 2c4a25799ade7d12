"""A county's own data read into the model: its register of enterprises and its yearly records.

`columns.py` holds every name the files may use (column headers, sectors, risk tiers, yes and no) in
one place; `table.py` reads a CSV or XLSX sheet and reports every bad cell at once; `register.py`
turns a register (企业名录, 监管对象台账) into the enterprises both engines run; `records.py` reads the
yearly records (执法统计, 事故统计) that calibration compares with the model's output; `attach.py` is
where the config loader reads both. docs/county_data.md describes the files.
"""
