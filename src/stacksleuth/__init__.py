"""stacksleuth: root-cause analysis of OpenStack clouds from the evidence operators collect."""

__version__ = "0.1.0"
