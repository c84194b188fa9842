"""Stage 'render': device configurations from the validated model and its address plan.

``render_configs`` builds the per-device contexts (govnet.render.devices) and fills the platform templates
(govnet.render.engine); it never touches the filesystem beyond reading templates. The CLI writes the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from govnet.gcpause import gc_paused
from govnet.ipam.plan import AddressBook, Plan
from govnet.ipam.prefix import Net
from govnet.model.hierarchy import is_under
from govnet.model.types import Model
from govnet.render.devices import build_contexts
from govnet.render.engine import Renderer, TemplateError
from govnet.render.parallel import CHUNK as PARALLEL_CHUNK
from govnet.render.parallel import default_workers, fork_available, render_in_workers
from govnet.render.secrets import Secrets

__all__ = ["Config", "Selection", "TemplateError", "config_path", "default_workers", "render_configs",
           "select_devices"]


@dataclass(frozen=True, slots=True)
class Config:
    device: str
    site: str
    platform: str
    text: str


@dataclass(frozen=True)
class Selection:
    """Which devices to render: all when every field is empty."""

    sites: tuple[str, ...] = ()  # a site and the sites below it (by code prefix)
    devices: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()

    @property
    def everything(self) -> bool:
        return not (self.sites or self.devices or self.platforms)


def select_devices(model: Model, selection: Selection) -> list[str]:
    """Device names matching every given criterion, sorted (never another network's devices)."""
    chosen = []
    for name, device in model.devices.items():
        if not model.is_ours(device):
            continue
        if selection.devices and name not in selection.devices:
            continue
        if selection.platforms and device.platform not in selection.platforms:
            continue
        if selection.sites and not any(is_under(model.site_by_key, device.site, s) for s in selection.sites):
            continue
        chosen.append(name)
    return sorted(chosen)


def config_path(config: Config) -> PurePosixPath:
    """Where a config goes below the output directory.

    >>> str(config_path(Config("JX-3601-CR01", "3601", "huawei_vrp", "")))
    'configs/3601/JX-3601-CR01.cfg'
    """
    return PurePosixPath("configs", config.site, f"{config.device}.cfg")


def render_configs(model: Model, addresses: Plan | AddressBook | Mapping[str, Net], *, secrets: Secrets | None = None,
                   model_root: Path | None = None, names: Iterable[str] | None = None,
                   progress: Callable[[int], None] | None = None,
                   compiled: Path | bool = True, workers: int = 1, fast: bool = True) -> dict[str, Config]:
    """Configs of every device the province runs (or of the named ones among them), by device name.
    ``addresses``: the address plan (or its book, or its decisions by key text). ``compiled``: keep compiled
    templates between runs in the user's cache folder (True), in this folder, or not at all (False).
    ``workers``: render in that many forked processes (govnet.render.parallel) when there are enough devices.
    ``fast``: Jinja2's macro calls short-cut where that gives the same text (govnet.render.fastcall).
    Raises TemplateError."""
    secrets = secrets if secrets is not None else Secrets()
    book = (addresses.book if isinstance(addresses, Plan) else addresses if isinstance(addresses, AddressBook)
            else AddressBook(addresses))
    names = list(names) if names is not None else None
    configs = {}
    # Contexts and configs live until the caller has written them: no cyclic collection meanwhile (its passes
    # over them were a fifth of render's time).
    if workers > 1 and fork_available() and len(model.devices if names is None else names) > PARALLEL_CHUNK:
        with gc_paused():
            rendered = render_in_workers(model, book, secrets, names, Renderer(model_root, compiled, fast),
                                         workers, progress)
            return {name: Config(name, site, platform, text) for name, site, platform, text in rendered}
    with gc_paused():
        contexts = build_contexts(model, book, secrets, names)
        renderer = Renderer(model_root, compiled, fast)
        for i, (name, context) in enumerate(contexts.items(), 1):
            configs[name] = Config(name, context.site, context.platform, renderer.render(context))
            if progress is not None and i % 50 == 0:
                progress(50)
    if progress is not None:
        progress(len(contexts) % 50)
    return configs

