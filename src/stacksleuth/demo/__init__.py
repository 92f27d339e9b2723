"""The bundled sample fleet behind `stacksleuth demo`: the seeds' cloud as sosreports.

168 computes and 3 controllers in the sos 4.x layout, built from real outputs (the corpus
report, the check fixtures, public samples; see `data/SOURCES.md`): 12 computes with seed
000's split X710 and its storage-port tx hang, the other seed problems on a few hosts
each, and healthy hosts with real-world noise. See `generate.generate_fleet`.
"""

from stacksleuth.demo.generate import DemoFleet, DemoHost, generate_fleet

__all__ = ["DemoFleet", "DemoHost", "generate_fleet"]
