"""How the portal writes dates and times, in both languages (``FORMAT_MODULE_PATH``).

One convention instead of Django's per-language defaults ("Dec. 4, 2026, 3:26 a.m." /
"2026年12月4日 03:26"): a date is ``2026-12-04``, a date and time ``2026-12-04 11:26``, in the
portal's zone (``TIME_ZONE``, Asia/Shanghai: the ``date`` filter converts to it). Templates
keep writing ``|date:"DATE_FORMAT"`` / ``"DATETIME_FORMAT"`` (or print the value as it is);
a deadline or any moment whose zone matters is written by ``portal.timing.display`` instead,
to the second and with the zone named.
"""
