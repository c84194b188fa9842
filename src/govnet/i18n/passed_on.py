"""Texts that other stages put into an error or a note and the command line prints as they are (usage errors of
locate, draw, whatif, ipam, secrets, diff, registry edits, init, the model's writer lock), as templates for
govnet.i18n.messages.translate: ``{name}`` marks a value that is kept; a value named ``hint`` is a text of its
own, translated in turn."""

from __future__ import annotations

from govnet.i18n import N_

PASSED_ON: tuple[str, ...] = (
    # Which model (source/locate.py).
    N_("the embedded example model is missing from this installation; reinstall govnet"),
    N_("model directory '{path}' does not exist"),
    N_("'{path}' is not a govnet model (no govnet.yaml); create one with 'govnet init'"),
    # draw --city/--county/--zone, export --city/--county, whatif --fail, allocate --release.
    N_("no city '{subject}' in the model; choose one of: {choices}"),
    N_("no county '{subject}' in the model; choose one of: {choices}"),
    N_("no zone '{subject}' in the model; choose one of: {choices}"),
    N_("no site {site} in the model"),
    N_("county {county} is not under city {city}"),
    N_("'{name}' is no link, device, site, carrier or shared-risk group of the model; {hint}"),
    N_("'{name}' is no link, device, site, carrier or shared-risk group of the model"),
    N_("'{name}' names more than one element ({kinds}); write {choices}"),
    N_("--release {subject}: nothing of that name has addresses; give a site code, unit id, device name, link A~B, "
       "DEVICE@bfd, SITE@zones or DEVICE@10G"),
    N_("--release {subject}: nothing of that name has addresses; {hint}"),
    # Secrets (render/secrets.py).
    N_("secrets file {path} is inside {what}: keep it outside git, where a commit cannot publish it"),
    N_("cannot read secrets file {path}: {error}"),
    N_("{where}: expected 'name: value' with a name among {names}"),
    N_("{where}: secret {name} must be 1-128 printable ASCII characters without spaces"),
    N_("{where}: secret {name} has {count} characters; it keys OSPF with MD5, which Comware 7 and IOS XE take up to "
       "{limit}: shorten it"),
    # diff (render/diff.py).
    N_("{label}: the model has errors; fix them before comparing"),
    N_("revision {spec} has no model at {path}"),
    N_("cannot run git: {error}"),
    N_("'{spec}' is neither a model directory nor a git revision of {where}: {message}"),
    N_("{old} -> {new}: {changed} device(s) changed, {added} added, {removed} removed, {unchanged} unchanged; "
       "{dangerous} dangerous command(s) flagged"),
    N_("{old} -> {new}: {changed} device(s) changed, {added} added, {removed} removed, {unchanged} unchanged"),
    # Registry edits (registry/edit.py).
    N_("no unit with id '{unit}' in the registry"),
    N_("no unit with id '{unit}' in the registry; {hint}"),
    N_("unit {unit} is {status}; '{action}' applies to units that are {allowed}"),
    N_("'units:' is not a list"),
    N_("write 'units:' as a block list (one '- id: ...' per unit) to add to it"),
    N_("{file}: write 'units:' as a block list (one '- id: ...' per unit) to edit it"),
    N_("'{text}': write FIELD=VALUE, FIELD one of {fields}"),
    N_("'{text}': a value is needed"),
    N_("'{text}': cannot read bandwidth '{value}' (write 100M, 1G ...)"),
    N_("'{text}': a number without a unit is bit/s; write the unit: {value}M, {value2}G ..."),
    N_("'{text}': a whole number is needed"),
    N_("'{text}': write the date as YYYY-MM-DD"),
    N_("'{text}': the date is after today ({today})"),
    N_("nothing to change: give FIELD=VALUE"),
    N_("nothing changes: unit {unit} already has {values}"),
    N_("{file} is not UTF-8 ({error})"),
    N_("{file}:{line}: unit {unit} refers to an anchor defined outside it; write the values out in the unit to edit "
       "it with govnet"),
    N_("{file}:{line}: unit {unit} has the key '{key}' twice; keep one and edit it again"),
    N_("{file}:{line}: unit {unit} cannot be read on its own: {error}"),
    N_("{file}: YAML syntax: {error}; fix it first (govnet validate shows it)"),
    N_("{file} is read-only; make it writable (chmod u+w {path}) to change it"),
    # init (scaffold/province.py).
    N_("no province '{province}' in the national table; give a name (江西省) or code (36)"),
    N_("'{province}' could be {names}; give the full name or the code"),
    N_("'{path}' is a file, not a directory; give init a new or empty directory"),
    N_("--villages takes 'all' or county codes or names of the province; not counties: {counties}"),
    N_("--villages: '{county}' names several counties; write one code: {choices}"),
    N_("'{path}' is not empty; govnet init never overwrites existing files"),
    N_("cannot write the model into '{path}': {error} ({where})"),
    N_("{cities} cities, {counties} counties, {townships} townships, {villages} villages"),
    N_("{cities} cities, {counties} counties, {townships} townships"),
    # The model's writer lock (writer.py).
    N_("another govnet has held the model's lock ({lock}) for {seconds} s without finishing a write; is it stuck? "
       "Try again later"),
    N_("another govnet is writing this model; waiting for it (the queue is moving)"),
    # The output folder's build lock (writer.py).
    N_("another govnet build is writing into {out}; waiting for it to finish"),
)
