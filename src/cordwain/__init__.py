"""cordwain: planning and quality for small-batch footwear workshops.

Layers (dependencies point downward only): ``domain`` (pure data and rules) ←
engines (``forecast``, ``plan``, ``nest``, ``schedule``, ``quality``, ``impact``) ←
``store`` ← ``services`` ← ``api``, ``web``, ``cli``.
"""

__version__ = "0.1.0"
