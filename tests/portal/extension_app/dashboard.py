from portal.dashboard import Section

SECTIONS = [Section("extension_app/dashboard.html", shown_for=lambda organisation: organisation.kind == "startup")]
