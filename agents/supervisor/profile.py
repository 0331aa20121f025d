"""Long-term memory in the LangGraph store: a researcher's watchlist and preferred brokers.

Later turns use it: the LLM supervisor sees it in its system prompt; the offline router
answers "我的自选股…" from the watchlist; library search lists preferred brokers first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NAMESPACE = ("profile",)
USER = "default"  # the researcher of a data directory without sign-in; the web page and CLI share it


@dataclass
class Profile:
    watchlist: list[str] = field(default_factory=list)  # canonical codes, validated before saving
    brokers: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = []
        if self.watchlist:
            parts.append(f"自选股：{'、'.join(self.watchlist)}")
        if self.brokers:
            parts.append(f"偏好券商：{'、'.join(self.brokers)}")
        return "；".join(parts)


def researcher() -> str:
    """Whose profile a graph run reads: the signed-in user of `touyan serve` with auth (the run's
    configurable `user_id`, agents/supervisor/session.py), else the data directory's one researcher."""
    from langgraph.config import get_config

    try:
        return get_config().get("configurable", {}).get("user_id") or USER
    except RuntimeError:  # not inside a graph run
        return USER


async def load_profile(store, user: str = USER) -> Profile:
    if store is None:
        return Profile()
    item = await store.aget(NAMESPACE, user)
    return Profile(**item.value) if item else Profile()


async def save_profile(store, profile: Profile, user: str = USER) -> None:
    await store.aput(NAMESPACE, user, {"watchlist": profile.watchlist, "brokers": profile.brokers})


async def add_to_watchlist(store, master, queries: list[str]) -> tuple[Profile, list[str]]:
    """Adds what the stock master recognises; returns the profile and the queries it rejected."""
    profile, rejected = await load_profile(store), []
    for query in queries:
        security = master.lookup(query)
        if security is None:
            rejected.append(query)
        elif security.code not in profile.watchlist:
            profile.watchlist.append(security.code)
    await save_profile(store, profile)
    return profile, rejected


async def set_brokers(store, brokers: list[str]) -> Profile:
    profile = await load_profile(store)
    profile.brokers = list(dict.fromkeys(b for b in brokers if b))
    await save_profile(store, profile)
    return profile
