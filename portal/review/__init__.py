"""The review kit: what staff decide on members' records, declared once and taken one way.

* ``state.ReviewState``: where a record stands (status, note, decided at / by, revision),
  mapped onto the model's own fields.
* ``decisions.Review`` / ``Decision`` / ``Notice``: the declared decisions and ``Review.take``.
* ``errors.ServiceError`` / ``ServiceErrorFormMixin``: every service's refusal, shown on forms.
* ``audit``: Wagtail's log with registered actions, before / after.
* ``notify``: the organisation's members to tell, in their language.
* ``admin``: the decision view, the review viewset, the staff dashboard's panels.

See docs/architecture.md, "Review kit". Import from the modules (this package imports nothing,
so models can use ``state`` while the apps load).
"""
