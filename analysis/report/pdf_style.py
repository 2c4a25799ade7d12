"""The PDF's type and colours (analysis.report.pdf and its tables)."""

FONT = "NotoSansSC"
MARGIN_MM = 18.0
PT = 25.4 / 72  # millimetres in a point

# (font size in pt, line height in mm) for each kind of text
TITLE = (20.0, 10.0)
SUBTITLE = (11.5, 6.0)
H1 = (15.0, 8.0)
H2 = (12.0, 6.5)
BODY = (10.5, 6.0)
SMALL = (9.0, 4.8)  # tables, captions
FOOTER = (8.5, 5.0)

INK = (33, 37, 41)
MUTED = (95, 99, 104)
ACCENT = (23, 62, 112)
RULE = (180, 186, 194)
HEADER_FILL = (226, 233, 242)
STRIPE_FILL = (245, 247, 250)
