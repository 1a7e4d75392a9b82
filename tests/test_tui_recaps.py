"""The user's recaps in the TUI: reviewed with R, counted and shown once accepted."""

from __future__ import annotations

from pathlib import Path

from confplan.progress import user_recaps
from confplan.progress.user_recaps import UserRecap
from confplan.recaps.linker import Index, link
from confplan.recaps.post import read_post
from confplan.recaps.user import save
from confplan.tui.screens.recap_review import RecapReview
from confplan.tui.widgets.panes import DetailsPane
from tests.tui import Harness, main_screen, plain, settle

POST = (
    "# Mine\n\nThe Party Must Go on - Resume Pods After Spot Instance Shut Down, "
    "by Muvaffak Onus.\n"
)


async def test_review_accept_and_see_it_counted(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    post = read_post(POST.encode(), "mine.md")
    found = link(post, Index(harness.catalogue))
    assert [p.session_id for p in found] == ["eu24-1YeP3"]
    recap = UserRecap(
        "post-mine",
        harness.catalogue.id,
        "Mine",
        "Me",
        None,
        "kccnceu2024",
        "post-mine.md",
        "markdown",
    )
    save(harness.store, tmp_path, recap, post, found, accepted=set())
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        title = plain(main_screen(pilot).query_one("#title-bar"))
        assert "Recommended · 48" in title
        await pilot.press("R")
        screen = pilot.app.screen
        assert isinstance(screen, RecapReview)
        assert "0 of 1 proposed" in plain(screen.query_one("#review-title"))
        assert "Resume Pods" in plain(screen.query_one("#review-passage"))
        await pilot.press("space")
        await settle(pilot)
        assert [link.accepted for link in user_recaps.links(harness.store, "kubecon-recaps")] == [
            True
        ]
        assert "1 of 1 proposed" in plain(screen.query_one("#review-title"))
        await pilot.press("escape")
        await settle(pilot)
        main = main_screen(pilot)
        assert "Recommended · 49" in plain(main.query_one("#title-bar"))
        await pilot.press("slash", *"spot instance", "enter")
        await settle(pilot)
        details = main.query_one(DetailsPane).text
        assert "Mine (Me)  (line 3)" in details and "Muvaffak Onus." in details
        await pilot.press("R", "n")  # rejected again: the count follows
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "Recommended · 48" in plain(main_screen(pilot).query_one("#title-bar"))


async def test_link_by_hand_and_unlink_in_a_burst(tmp_path: Path) -> None:
    """`l` searches the catalogue and links the session chosen, `u` takes it off; the
    keys typed in one burst all count."""
    harness = Harness(tmp_path)
    post = read_post(POST.encode(), "mine.md")
    found = link(post, Index(harness.catalogue))
    recap = UserRecap(
        "post-mine", harness.catalogue.id, "Mine", None, None, "kccnceu2024", "post-mine.md", "md"
    )
    save(harness.store, tmp_path, recap, post, found, accepted=set())

    def linked() -> dict[str, bool]:
        return {
            item.session: item.accepted
            for item in user_recaps.links(harness.store, harness.catalogue.id)
        }

    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R", "l", *"spotify backend", "enter")
        await settle(pilot)
        assert linked() == {"eu24-1YeP3": False, "eu24-spotify-backend": True}
        screen = pilot.app.screen
        assert isinstance(screen, RecapReview)
        assert "Spotify" in str(screen.query_one("#review-list").get_option_at_index(0).prompt)
        await pilot.press("u")  # the highlighted line: the hand link, listed first (line 1)
        await settle(pilot)
        assert linked() == {"eu24-1YeP3": False}
        await pilot.press("l", *"no such words at all", "enter", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RecapReview) and linked() == {"eu24-1YeP3": False}
