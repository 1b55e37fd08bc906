"""Back-office pages that set up golf: courses (the tee sheet's shape), their green-fee
rates and the membership categories; list, create, edit, delete (refused with a 409 and
the reason once bookings or sales use them; a category is taken off sale instead).

Each form is turned into the API's body and judged by the API's schema, so what is made
here is what the API would make.
"""

from __future__ import annotations

import typing as t

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError

from core.plugins import (
    Conflict,
    DomainError,
    NotFound,
    current_store,
    db,
    money_from_text,
    money_text,
    percent_text,
    require,
)

from . import courses, memberships
from .schemas import CourseSchema, MembershipCategorySchema, RateSchema
from .teesheet import get_course
from .views import pages

KIND_LABELS = {"member": _l("Members"), "guest": _l("Guests"), "any": _l("Anyone")}
HOLES = (9, 18, 27, 36)


def _checked(name: str) -> bool:
    return request.form.get(name) not in (None, "", "0", "off")


def _text(name: str, size: int = 200) -> str:
    return request.form.get(name, "")[:size].strip()


def _whole(text: str) -> int | str:
    """A whole number typed, or the text as is (the schema then says it is not one)."""
    return int(text) if text.lstrip("-").isdigit() else text


def _money(form: dict[str, t.Any], name: str) -> int:
    try:
        return money_from_text(form[name], current_store().currency)
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from None


def _weekday_names() -> list[tuple[str, str]]:
    """``[("1", "Monday"), ...]`` in the reader's language (Babel's names)."""
    names = get_locale().days["format"]["wide"]
    return [(str(day), names[day - 1]) for day in range(1, 8)]


def _setup_page(error: str | None = None, status: int = 200):
    all_courses = courses.list_courses()
    return (
        render_template(
            "golf/setup.html",
            courses=all_courses,
            rates={c.id: courses.list_rates(c.id) for c in all_courses},
            categories=memberships.list_categories(),
            kinds=KIND_LABELS,
            weekdays=dict(_weekday_names()),
            percent=percent_text,
            error=error,
        ),
        status,
    )


def _form_page(
    kind: str, form: dict[str, t.Any], action: str, title: str, errors=None, status=None
):
    return (
        render_template(
            "golf/form.html",
            kind=kind,
            form=form,
            action=action,
            title=title,
            errors=errors or {},
            holes=[(str(h), str(h)) for h in HOLES],
            kinds=[(k, str(v)) for k, v in KIND_LABELS.items()],
            weekdays=_weekday_names(),
            currency=current_store().currency,
        ),
        status or (400 if errors else 200),
    )


def _form_flow(
    kind: str,
    title: str,
    action: str,
    form: dict[str, t.Any],
    schema: Schema,
    body: t.Callable[[dict], dict],
    store: t.Callable[[dict], t.Any],
):
    """A form page: shown on GET; on POST the form is loaded through the API's schema and
    kept. A refusal shows the form again with what was typed and nothing kept."""
    if request.method == "GET":
        return _form_page(kind, form, action, title)
    try:
        store(schema.load(body(form)))
    except ValidationError as error:
        db.session.rollback()
        return _form_page(kind, form, action, title, error.normalized_messages())
    except DomainError as error:
        db.session.rollback()
        errors = error.fields or {"": [error.message]}
        status = 409 if isinstance(error, Conflict) else 400
        return _form_page(kind, form, action, title, errors, status)
    db.session.commit()
    flash(_("%(name)s: saved.", name=form["name"]), "success")
    return redirect(url_for("golf.setup"))


def _delete(name: str, delete: t.Callable[[], None]):
    """Delete a course, rate or category, or show the setup page with why it is refused."""
    try:
        delete()
    except DomainError as error:
        return _refused(error)
    db.session.commit()
    flash(_("%(name)s: deleted.", name=name), "success")
    return redirect(url_for("golf.setup"))


def _refused(error: DomainError):
    db.session.rollback()
    return _setup_page(error.message, 409 if isinstance(error, Conflict) else 400)


def _found(find: t.Callable[[int], t.Any], item_id: int) -> t.Any:
    """The course, rate or category of the address, or a 404 page."""
    try:
        return find(item_id)
    except NotFound:
        abort(404)


@pages.route("/setup")
@require("admin.access")
@require("golf.manage")
def setup():
    return _setup_page()


# Courses


def _course_form(course=None) -> dict[str, t.Any]:
    if request.method == "POST":
        return {
            "name": _text("name", 120),
            "first_tee": _text("first_tee", 5),
            "last_tee": _text("last_tee", 5),
            "interval_minutes": _text("interval_minutes", 4),
            "holes": _text("holes", 4),
            "tenth_tee_starts": _checked("tenth_tee_starts"),
        }
    if course is None:
        return {"first_tee": "07:00", "last_tee": "18:00", "interval_minutes": "10", "holes": "18"}
    return {
        "name": course.name,
        "first_tee": course.first_tee.strftime("%H:%M"),
        "last_tee": course.last_tee.strftime("%H:%M"),
        "interval_minutes": str(course.interval_minutes),
        "holes": str(course.holes),
        "tenth_tee_starts": course.tenth_tee_starts,
    }


def _course_body(form: dict[str, t.Any]) -> dict[str, t.Any]:
    return {
        **form,
        "interval_minutes": _whole(form["interval_minutes"]),
        "holes": _whole(form["holes"]),
    }


@pages.route("/courses/new", methods=["GET", "POST"])
@require("admin.access")
@require("golf.manage")
def new_course():
    return _form_flow(
        "course",
        _("New course"),
        url_for("golf.new_course"),
        _course_form(),
        CourseSchema(),
        _course_body,
        courses.create_course,
    )


@pages.route("/courses/<int:course_id>/edit", methods=["GET", "POST"])
@require("admin.access")
@require("golf.manage")
def edit_course(course_id: int):
    course = _found(get_course, course_id)
    return _form_flow(
        "course",
        _("Edit %(name)s", name=course.name),
        url_for("golf.edit_course", course_id=course.id),
        _course_form(course),
        CourseSchema(),
        _course_body,
        lambda values: courses.update_course(course, values),
    )


@pages.route("/courses/<int:course_id>/delete", methods=["POST"])
@require("admin.access")
@require("golf.manage")
def delete_course(course_id: int):
    course = _found(get_course, course_id)
    return _delete(course.name, lambda: courses.delete_course(course))


# Green-fee rates


def _rate_form(rate=None) -> dict[str, t.Any]:
    if request.method == "POST":
        return {
            "name": _text("name", 80),
            "player_kind": _text("player_kind", 8),
            "weekdays": request.form.getlist("weekdays"),
            "start": _text("start", 5),
            "end": _text("end", 5),
            "priority": _text("priority", 4),
            "price": _text("price", 20),
        }
    if rate is None:
        return {
            "player_kind": "any",
            "weekdays": [str(d) for d in range(1, 8)],
            "start": "00:00",
            "end": "23:59",
            "priority": "0",
        }
    return {
        "name": rate.name,
        "player_kind": rate.player_kind,
        "weekdays": list(rate.weekdays),
        "start": rate.start.strftime("%H:%M"),
        "end": rate.end.strftime("%H:%M"),
        "priority": str(rate.priority),
        "price": money_text(rate.price, current_store().currency),
    }


def _rate_body(form: dict[str, t.Any]) -> dict[str, t.Any]:
    return {
        **form,
        "weekdays": "".join(sorted(set(form["weekdays"]))),
        "priority": _whole(form["priority"] or "0"),
        "price": _money(form, "price"),
    }


@pages.route("/courses/<int:course_id>/rates/new", methods=["GET", "POST"])
@require("admin.access")
@require("golf.manage")
def new_rate(course_id: int):
    course = _found(get_course, course_id)
    return _form_flow(
        "rate",
        _("New rate for %(name)s", name=course.name),
        url_for("golf.new_rate", course_id=course.id),
        _rate_form(),
        RateSchema(),
        _rate_body,
        lambda values: courses.add_rate(course.id, values),
    )


@pages.route("/rates/<int:rate_id>/edit", methods=["GET", "POST"])
@require("admin.access")
@require("golf.manage")
def edit_rate(rate_id: int):
    rate = _found(courses.get_rate, rate_id)
    return _form_flow(
        "rate",
        _("Edit %(name)s", name=rate.name),
        url_for("golf.edit_rate", rate_id=rate.id),
        _rate_form(rate),
        RateSchema(),
        _rate_body,
        lambda values: courses.update_rate(rate, values),
    )


@pages.route("/rates/<int:rate_id>/delete", methods=["POST"])
@require("admin.access")
@require("golf.manage")
def delete_rate(rate_id: int):
    rate = _found(courses.get_rate, rate_id)
    return _delete(rate.name, lambda: courses.delete_rate(rate))


# Membership categories


def _category_form(category=None) -> dict[str, t.Any]:
    if request.method == "POST":
        return {
            "name": _text("name", 80),
            "price": _text("price", 20),
            "included_rounds": _text("included_rounds", 5),
            "discount_percent": _text("discount_percent", 10).replace(",", "."),
            "active": _checked("active"),
        }
    if category is None:
        return {"included_rounds": "0", "discount_percent": "0", "active": True}
    return {
        "name": category.name,
        "price": money_text(category.price, current_store().currency),
        "included_rounds": str(category.included_rounds),
        "discount_percent": format(category.discount_percent.normalize(), "f"),
        "active": category.active,
    }


def _category_body(form: dict[str, t.Any]) -> dict[str, t.Any]:
    return {
        **form,
        "price": _money(form, "price"),
        "included_rounds": _whole(form["included_rounds"] or "0"),
        "discount_percent": form["discount_percent"] or "0",
    }


@pages.route("/categories/new", methods=["GET", "POST"])
@require("admin.access")
@require("golf.manage")
def new_category():
    return _form_flow(
        "category",
        _("New membership"),
        url_for("golf.new_category"),
        _category_form(),
        MembershipCategorySchema(),
        _category_body,
        memberships.create_category,
    )


@pages.route("/categories/<int:category_id>/edit", methods=["GET", "POST"])
@require("admin.access")
@require("golf.manage")
def edit_category(category_id: int):
    category = _found(memberships.get_category, category_id)
    return _form_flow(
        "category",
        _("Edit %(name)s", name=category.name),
        url_for("golf.edit_category", category_id=category.id),
        _category_form(category),
        MembershipCategorySchema(),
        _category_body,
        lambda values: memberships.update_category(category, values),
    )


@pages.route("/categories/<int:category_id>/delete", methods=["POST"])
@require("admin.access")
@require("golf.manage")
def delete_category(category_id: int):
    category = _found(memberships.get_category, category_id)
    return _delete(category.name, lambda: memberships.delete_category(category))
