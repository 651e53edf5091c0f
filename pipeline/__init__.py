"""kaohe's pipeline: the document model, the stages that read it, and the writers."""

__version__ = "0.1.0"
