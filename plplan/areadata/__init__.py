"""Working data carried by responsibility areas (budget, KPIs, communication plan).

How a module (kind K, e.g. "kpis") plugs in:

1. Models: `plplan/models/<K>.py`, rows keyed by `area_id` (FK area.id ON DELETE CASCADE), not
   by AreaModule: switching a module off deletes its AreaModule row and keeps the data. Import
   the models in plplan/models/__init__.py. K must be in models.areadata.MODULE_KINDS.
2. Migration: its own revision (down_revision '0005'; the lead re-chains).
3. Code: `plplan/areadata/<K>.py` with `load(context) -> data` (context is a
   services.SectionContext: membership, team, area, module, can_edit) and
   `signals(team, area_ids) -> {area_id: "off track"}` in a constant number of queries.
4. Registry: one ModuleKind entry in registry.py (kind, label, section template, load, signals).
   The area page includes the template once per readable module with `section` in context
   (`section.data`, `section.context.can_edit`); the grid shows the signals. Optionally
   `attention(membership) -> list` (one query) and `attention_template`: what needs the member
   (e.g. communications due), shown on My responsibilities and the team home.
5. Routes: `plplan/areadata/<K>_views.py` adds them to `blueprint.bp` (URLs under
   /t/<slug>/responsibilities/areas/<area_id>/<K>...); import it at the top of views.py.
   Send people back with `blueprint.area_url(membership, area, anchor)`.
   Load with `access.area_module_or_404(membership, area_id, K, edit=...)`: 404 for a module
   that is off or hidden from this viewer, 403 for an edit by someone who is neither a leader
   nor the area's A or R (authz.may_edit_area_data). Guard views with
   `@team_view(Capability.READ)`; the access matrix (tests/test_access.py) lists every route.
6. Templates: `templates/areadata/<K>_section.html` (+ its own pages).
7. History: every change goes through `history.record_change(area, K, object_type, object_id,
   field, old, new)` with display-ready values, and `history.note_activity(...)` for the feed.
   Money is integer minor units, shown with `|money(team.currency)` (plplan/formatting.py).
"""
