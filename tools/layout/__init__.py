"""PDF layout from positions: characters (PDFium) → segments → running furniture, rule-free tables,
column reading order, paragraphs; and where disclaimer material starts (any file kind)."""
