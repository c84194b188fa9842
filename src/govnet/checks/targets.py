"""targets.yaml: every target cites a listed document, names sites the model has; department private networks
(业务专网) created after the policy's cut-off are errors, those still running without a migration plan warnings."""

from __future__ import annotations

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic
from govnet.model.types import Origin
from govnet.schema.targets import Cited
from govnet.source.modeldir import TARGETS_FILE


def check(ctx: CheckContext) -> list[Diagnostic]:
    spec = ctx.model.targets
    if spec is None:
        return []
    found: list[Diagnostic] = []
    documents = sorted(spec.documents)
    for name in type(spec.targets).model_fields:
        target = getattr(spec.targets, name)
        if isinstance(target, Cited) and target.source not in spec.documents:
            hint = f"documents listed: {', '.join(documents)}" if documents else "add it under 'documents:'"
            found.append(ctx.diagnostic("GN741", Origin(TARGETS_FILE, ("targets", name, "source")),
                                        f"target '{name}' cites document '{target.source}', which is not listed",
                                        hint))
    cloud = spec.targets.cloud_dr
    for i, centre in enumerate(cloud.centres if cloud else []):
        if centre.site not in ctx.model.site_by_key:
            found.append(ctx.diagnostic("GN744", Origin(TARGETS_FILE, ("targets", "cloud_dr", "centres", i, "site")),
                                        f"centre '{centre.site}' is not a site of the model",
                                        "name a special site's id (e.g. CLOUD, DR) or a division code"))
    cutoff = spec.targets.legacy_networks.no_new_after if spec.targets.legacy_networks else None
    for i, network in enumerate(spec.legacy_networks):
        origin = Origin(TARGETS_FILE, ("legacy_networks", i))
        if cutoff and network.created and network.created > cutoff:
            found.append(ctx.diagnostic("GN742", Origin(TARGETS_FILE, ("legacy_networks", i, "created")),
                                        f"{network.department} {network.name} was created {network.created}, after "
                                        f"{cutoff}: no new department private network is allowed",
                                        "carry the business on a dedicated zone (专用网络区) of the extranet instead"))
        if network.status != "migrated" and not network.plan:
            found.append(ctx.diagnostic("GN743", origin, f"{network.department} {network.name} has no migration "
                                        "plan", "add 'plan:' (what moves onto the extranet, and by when)"))
    return found
