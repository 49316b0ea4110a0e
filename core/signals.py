"""Core-internal news (blinker). What plugins must act on is a hook, not a signal."""
from blinker import Namespace

_signals = Namespace()

#: sent with ``module``, ``record``, ``user``, ``created`` after a save commits its transaction
record_saved = _signals.signal("record-saved")
#: sent with ``module``, ``record_id``, ``user`` after a delete
record_deleted = _signals.signal("record-deleted")
#: sent with ``module``, ``record``, ``user``, ``action`` after a status action
status_changed = _signals.signal("status-changed")
#: sent with ``module``, ``record``, ``operation`` (``push`` or ``action:<key>``) INSIDE the
#: transaction of a save or status action: the outbox writes its row there (same commit)
record_written = _signals.signal("record-written")
