"""Parameters of the synthetic corpus (:class:`SynthConfig`).

Every number here is a modelling default (DOMAIN.md §6, marked [U] there); change them through
``SynthConfig(...)``, never by editing the modules. The same config and seed always give
byte-identical files.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["SynthConfig"]


@dataclass(frozen=True)
class SynthConfig:
    """Parameters of :func:`discourse.synth.generate`.

    Attributes
    ----------
    seed : int
        Seed of every random choice (``numpy.random.SeedSequence``; independent parts use
        spawned children, so changing one part does not reshuffle the others).
    n_posts : int
        Collected posts (those in the raw files' ``data``). Referenced originals outside the
        collection come on top.
    homophily : float
        Share of follows that go to the follower's own camp (0 = random mixing, 1 = own camp
        only). Follows of media, institutions and fact-checkers (``hub_follow_share``) are
        drawn regardless of camp.
    start, end : str
        First and last WITA day (inclusive) of the collection window, ISO dates.
    share_retweet, share_quote, share_reply : float
        Shares of the collected posts by kind; originals take the rest (DOMAIN 6.2 [U]).
    accounts_per_post : float
        Accounts in the population per collected post (at least ``min_accounts``).
    min_accounts : int
        Lower bound on the population size (small corpora still have every account type).
    mean_following : float
        Mean number of accounts an account follows inside the population.
    hub_follow_share : float
        Share of follows that go to media, institution and fact-check accounts.
    buzzer_squads : int or None
        Number of buzzer squads; None draws squads of 10–40 accounts until the buzzers are used.
    burst_share : float
        Share of collected originals posted in buzzer bursts (10–60 near-duplicates within 15
        minutes, starting on the hour).
    squad_retweet_share : float
        Share of retweets that are squads retweeting their camp's official posts within seconds.
    uncollected_share : float
        Originals outside the collection (older than the window, or not matching the query),
        as a share of the collected originals; each is referenced by at least one collected post.
    deleted_share : float
        Share of the referenced originals that were deleted before collection (drawn among
        those outside the collection): absent from the files, reported in page ``errors``.
    hoax_scale : float
        Scales the number of hoax and debunk originals per claim.
    per_page : int
        Tweets per twarc2 page (the API's ``max_results``).
    posts_per_file : int or None
        Split the twarc2 output into files of this many collected posts (None: one file).
    harvest_keywords : tuple of str
        The tweet-harvest CSV holds the collected posts whose text contains one of these
        (case-insensitive), as a keyword search would return them.
    harvest_retweet_share : float
        Share of the matching retweets that also appear in the CSV (as ``RT @x: ...`` text).
        Default 0: X search, which tweet-harvest scrapes, returns no native retweets (none of
        the real 2024 tweet-harvest files in ``shared/data`` holds one).

    Examples
    --------
    >>> SynthConfig(n_posts=1000).n_posts
    1000
    >>> SynthConfig(share_retweet=0.9, share_quote=0.2)
    Traceback (most recent call last):
    ...
    ValueError: share_retweet + share_quote + share_reply must be below 1
    """

    seed: int = 2024
    n_posts: int = 50_000
    homophily: float = 0.85
    start: str = "2024-08-27"
    end: str = "2024-12-10"
    share_retweet: float = 0.45
    share_quote: float = 0.12
    share_reply: float = 0.18
    accounts_per_post: float = 0.15
    min_accounts: int = 800
    mean_following: float = 40.0
    hub_follow_share: float = 0.08
    buzzer_squads: int | None = None
    burst_share: float = 0.10
    squad_retweet_share: float = 0.05
    uncollected_share: float = 0.06
    deleted_share: float = 0.01
    hoax_scale: float = 1.0
    per_page: int = 100
    posts_per_file: int | None = None
    harvest_keywords: tuple[str, ...] = field(
        default=("pilkada", "pilgub", "paslon", "cagub", "kaltim", "nyoblos", "coblos")
    )
    harvest_retweet_share: float = 0.0

    def __post_init__(self) -> None:
        if self.n_posts < 100:
            raise ValueError("n_posts must be at least 100")
        if not 0.0 <= self.homophily <= 1.0:
            raise ValueError("homophily must be in [0, 1]")
        shares = (self.share_retweet, self.share_quote, self.share_reply)
        if any(s < 0 for s in shares):
            raise ValueError("kind shares must be non-negative")
        if sum(shares) >= 1.0:
            raise ValueError("share_retweet + share_quote + share_reply must be below 1")
        for name in (
            "hub_follow_share",
            "burst_share",
            "squad_retweet_share",
            "uncollected_share",
            "deleted_share",
            "harvest_retweet_share",
        ):
            if not 0.0 <= getattr(self, name) < 1.0:
                raise ValueError(f"{name} must be in [0, 1)")
        if self.per_page < 1:
            raise ValueError("per_page must be >= 1")
        if self.posts_per_file is not None and self.posts_per_file < self.per_page:
            raise ValueError("posts_per_file must be at least per_page")
        if self.start >= self.end:
            raise ValueError("start must be before end")

    def to_dict(self) -> dict:
        """The parameters as a JSON-ready dict (recorded in ``counts.json``)."""
        d = asdict(self)
        d["harvest_keywords"] = list(self.harvest_keywords)
        return d
