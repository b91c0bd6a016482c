"""`ahc courses`: move a course between installations as a course document (JSON)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated
from uuid import UUID

import msgspec
import typer
from dishka import AsyncContainer

from application.courses.course_document import CourseDocument
from application.courses.export_course import ExportCourse
from application.courses.find_instructor import FindInstructor
from application.courses.import_course import ImportCourse
from application.ports.course_queries import CourseTree
from domain.errors import InvalidInput
from entrypoints.cli.runtime import EXIT_FAILED, fail, run_with_container

courses_app = typer.Typer(
    help="Courses: export one as a course document, import one from a document.", no_args_is_help=True
)

STDIO = "-"


def course_id_argument(value: str) -> UUID:
    """The course id an operator typed; one clear line when it is not one."""
    try:
        return UUID(value)
    except ValueError:
        raise fail(f"not a course id: {value!r}") from None


@courses_app.command("export")
def export_course(
    course_id: Annotated[str, typer.Argument(help="Id of the course (published or not).")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of standard output."),
    ] = None,
) -> None:
    """Write a course with its sections and lessons as a course document (JSON, format version 1)."""
    wanted = course_id_argument(course_id)

    async def export(container: AsyncContainer) -> CourseDocument:
        async with container() as request:
            return await (await request.get(ExportCourse))(wanted)

    text = msgspec.json.format(msgspec.json.encode(run_with_container(export)), indent=2).decode() + "\n"
    if output is None or str(output) == STDIO:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
    typer.echo(f"exported course {wanted} to {output}", err=True)


def _read_document(file: Path) -> object:
    try:
        raw = sys.stdin.buffer.read() if str(file) == STDIO else file.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise fail(f"{file} is not valid JSON: {exc}") from None
    except RecursionError:
        raise fail(f"{file} is nested too deeply") from None


@courses_app.command("import")
def import_course(
    file: Annotated[Path, typer.Argument(help="The course document (JSON); - reads standard input.")],
    publish: Annotated[
        bool, typer.Option("--publish", help="Publish the course (by default it is created unpublished).")
    ] = False,
    instructor: Annotated[
        str | None,
        typer.Option(help="Username or e-mail of the user who teaches it (by default nobody)."),
    ] = None,
) -> None:
    """Create a new course from a course document, all or nothing; print its id.

    Every problem in the document is printed on a line of its own (`path: problem`) and
    nothing is written then.
    """
    data = _read_document(file)

    async def create(container: AsyncContainer) -> CourseTree | InvalidInput:
        async with container() as request:
            teacher = await (await request.get(FindInstructor))(instructor) if instructor else None
            try:
                return await (await request.get(ImportCourse))(
                    data, instructor_id=teacher.id if teacher else None, publish=publish
                )
            except InvalidInput as problems:
                return problems

    created = run_with_container(create)
    if isinstance(created, InvalidInput):
        for problem in created.problems:
            typer.echo(f"{problem.field}: {problem.message}", err=True)
        if not created.problems:
            typer.echo(f"error: {created.detail}", err=True)
        raise typer.Exit(EXIT_FAILED)
    typer.echo(str(created.id))
