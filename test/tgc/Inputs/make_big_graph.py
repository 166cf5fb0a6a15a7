"""Writes a text GraphDef y = x + x with x: float32[40, 30] (1200 elements,
enough for tgc-run --print to summarise)."""
import sys

with open(sys.argv[1], "w") as f:
    f.write('''node { name: "x" op: "Placeholder"
  attr { key: "dtype" value { type: DT_FLOAT } }
  attr { key: "shape" value { shape { dim { size: 40 } dim { size: 30 } } } } }
node { name: "y" op: "AddV2" input: "x" input: "x"
  attr { key: "T" value { type: DT_FLOAT } } }
''')
