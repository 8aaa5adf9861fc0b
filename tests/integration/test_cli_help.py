"""`wijkraad --help` lists the commands in the order of the work, in panels, and Typer's frame
speaks Dutch where Typer allows it (panel titles, markers, the help option, usage metavars)."""

from __future__ import annotations

from wijkraad.cli.frame import WORK


def test_the_commands_come_in_the_order_of_the_work(cli) -> None:  # type: ignore[no-untyped-def]
    shown = cli("--help").stdout
    panels = [panel for panel, _ in WORK]
    assert panels
    positions = [shown.index(panel) for panel in panels]
    assert positions == sorted(positions)
    names = [name for _, group in WORK for name in group]
    assert names
    found = [shown.index(f"│ {name} ") for name in names]
    assert found == sorted(found), "the commands are not in the order of WORK"
    assert "Overige opdrachten" not in shown  # every command has its place in the work


def test_every_command_has_a_place_in_the_work() -> None:
    import typer

    from wijkraad.cli import app

    registered = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    placed = {name for _, group in WORK for name in group}
    assert registered
    assert registered == placed


def test_the_frame_is_dutch(cli) -> None:  # type: ignore[no-untyped-def]
    for args in (("--help",), ("advice", "--help"), ("advice", "answer", "--help")):
        shown = cli(*args).stdout
        assert "Opties" in shown and "Toon deze hulp en stop." in shown, args
        assert "Options" not in shown and "Show this message" not in shown, args
        assert "[OPTIONS]" not in shown and "COMMAND [ARGS]" not in shown, args
    answer = cli("advice", "answer", "--help").stdout
    assert "Argumenten" in answer and "[verplicht]" in answer
