"""Programme applications: a startup applies to an incubator, a proof-of-concept programme or a
service platform; the platform's members (or alliance staff) accept or decline with the review kit.

``permissions`` (who applies, sees, decides, withdraws), ``queries`` (what a user reaches),
``services`` (apply, withdraw, the declared ``REVIEW``), ``emails`` (the outbox effects),
``forms``, ``views``, ``urls`` and ``admin`` (staff's listing and decisions in the Wagtail admin).
"""
