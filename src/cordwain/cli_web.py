"""Commands for the web app: ``cordwain serve`` and ``cordwain user add``.

Registered in :mod:`cordwain.cli` with::

    from cordwain.cli_web import serve, user_app
    app.command()(serve)
    app.add_typer(user_app, name="user")
"""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from cordwain import services
from cordwain.services import ServiceError, accounts

user_app = typer.Typer(
    help="Accounts of the web app: owner, planner, inspector, artisan.\n\n"
    "Example:  cordwain user add ana --role owner",
    no_args_is_help=True,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $CORDWAIN_DATABASE_URL or ./cordwain.db)."),
]


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (use 2+ on a shared box).")] = 1,
    db: DbOption = None,
) -> None:
    """Start the web app and the REST API (docs at /api/v1/docs).

    Example:  cordwain serve --port 8000
    """
    import os

    import uvicorn

    try:
        url = services.prepare_database(db)
        with services.unit_of_work(url) as uow:
            has_owner = accounts.has_owner(uow)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if not has_owner:
        typer.echo("No owner account yet: create one with `cordwain user add NAME --role owner`.")
    # Worker processes import the app by name, so they learn the database from the environment.
    os.environ["CORDWAIN_DATABASE_URL"] = url
    typer.echo(f"cordwain on http://{host}:{port}/ (database {url})")
    uvicorn.run(
        "cordwain.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


@user_app.command("add")
def add_user(
    username: Annotated[str, typer.Argument(help="Login name (lower-case letters, digits, ._-).")],
    role: Annotated[str, typer.Option(help="owner, planner, inspector or artisan.")] = "owner",
    name: Annotated[str | None, typer.Option(help="Name shown in the app.")] = None,
    artisan: Annotated[
        str | None, typer.Option(help="For an artisan: the code of their artisan record.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Create an account; the first one should be the owner, who adds everyone else in the app.

    Example:  cordwain user add maria --role owner --name "Maria Alves"
    """
    if password_stdin:
        password = typer.get_text_stream("stdin").readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            _fail("the two passwords differ")
    try:
        url = services.prepare_database(db)
        with services.unit_of_work(url) as uow:
            user = accounts.create_user(
                uow, username, password, role, display_name=name, artisan_code=artisan
            )
            uow.commit()
    except ServiceError as exc:
        _fail(str(exc))
        return
    typer.echo(f"Account {user.username} ({user.role.value}) created in {url}")


@user_app.command("list")
def list_users(db: DbOption = None) -> None:
    """The accounts, their roles and last sign-in.

    Example:  cordwain user list
    """
    with services.unit_of_work(db) as uow:
        users = accounts.list_users(uow)
    for u in users:
        last = u.last_login_at.isoformat(sep=" ", timespec="minutes") if u.last_login_at else None
        state = "" if u.active else " (suspended)"
        typer.echo(
            f"{u.username:20} {u.role.value:10} {u.display_name} · "
            f"last sign-in {last or 'never'}{state}"
        )
