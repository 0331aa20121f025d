"""Fund-manager style agent (定性+定量识别风格轮动型基金): holdings-based style metrics plus the
manager's own words, combined into a style-rotation / style-stable label. Entry points: batch.py."""
