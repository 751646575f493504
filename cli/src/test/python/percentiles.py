"""numpy's percentiles as PercentilesTest's independent oracle: nearest rank is numpy's method="inverted_cdf".

  percentiles.py IN      IN: JSON {"samples": [[...], ...], "ps": [...]}; prints JSON [[percentile per p] per sample list]
"""
import json
import sys

import numpy as np

with open(sys.argv[1]) as f:
    spec = json.load(f)
print(json.dumps([np.percentile(np.array(s, dtype=np.float64), spec["ps"], method="inverted_cdf").tolist()
                  for s in spec["samples"]]))
