"""Users, roles and API tokens in the back office: the same services and schemas as
``/api/v1/users`` and ``/api/v1/roles``. A page that writes commits once, at its end;
a refusal shows its message and saves nothing."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import management
from ..auth.models import ApiToken, User
from ..auth.permissions import check_permission, require
from ..auth.schemas import RoleCreateSchema, RoleUpdateSchema, UserCreateSchema, UserUpdateSchema
from ..auth.services import create_user
from ..db import db
from ..errors import DomainError, NotFound
from ..plugins.context import current_runtime
from .forms import FormRefused, load, refusal

bp = Blueprint("admin_users", __name__, url_prefix="/admin")

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "nl": "Nederlands", "ru": "Русский"}


def _actor() -> t.Any:
    return current_user._get_current_object()


def _save(change: t.Callable[[], t.Any]) -> dict[str, t.Any]:
    """Run ``change`` and commit; on a refusal roll back and return the page's errors."""
    try:
        change()
    except FormRefused as refused:
        db.session.rollback()
        return refused.errors
    except DomainError as error:
        db.session.rollback()
        return refusal(error)
    db.session.commit()
    return {}


# -- users -------------------------------------------------------------------------------------


@bp.route("/users/")
@require("admin.access")
@require("users.view")
def users():
    show_inactive = request.args.get("inactive") == "1"
    query = sa.select(User).order_by(User.username)
    if not show_inactive:
        query = query.where(User.active)
    return render_template(
        "admin/users/index.html",
        users=db.session.scalars(query).all(),
        show_inactive=show_inactive,
        languages=LANGUAGE_NAMES,
    )


def _user_form() -> dict[str, t.Any]:
    form = request.form
    data: dict[str, t.Any] = {
        "full_name": form.get("full_name", "").strip(),
        "roles": form.getlist("roles"),
        "language": form.get("language") or None,
    }
    return data


@bp.route("/users/new", methods=["GET", "POST"])
@require("admin.access")
@require("users.manage")
def new_user():
    errors: dict[str, t.Any] = {}
    form = request.form
    if request.method == "POST":
        data = {
            **_user_form(),
            "username": form.get("username", "").strip(),
            "password": form.get("password") or None,
            "pin": form.get("pin") or None,
        }
        language = data.pop("language")
        created: list[User] = []

        def change() -> None:
            loaded = load(UserCreateSchema(), data)
            management.roles_grantable(_actor(), loaded["roles"])
            user = create_user(
                loaded["username"],
                loaded["roles"],
                password=loaded["password"],
                pin=loaded["pin"],
                full_name=loaded["full_name"],
            )
            management.update_user(user, {"language": language}, _actor())
            created.append(user)

        errors = _save(change)
        if not errors:
            flash(_("User %(name)s created.", name=created[0].username), "success")
            return redirect(url_for(".user", user_id=created[0].id))
    page = render_template(
        "admin/users/new.html",
        form=form,
        errors=errors,
        roles=management.list_roles(),
        languages=LANGUAGE_NAMES,
    )
    return page, 422 if errors else 200


def _user_page(user: User, errors: dict[str, t.Any] | None = None, secret: str = "") -> t.Any:
    tokens = db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    ).all()
    response = make_response(
        render_template(
            "admin/users/edit.html",
            user=user,
            errors=errors or {},
            roles=management.list_roles(),
            languages=LANGUAGE_NAMES,
            tokens=tokens,
            secret=secret,
        ),
        422 if errors else 200,
    )
    if secret:
        response.headers["Cache-Control"] = "no-store"  # the token is shown this once
    return response


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require("admin.access")
@require("users.view")
def user(user_id: int):
    user = management.get_user(user_id)
    if request.method == "GET":
        return _user_page(user)
    check_permission("users.manage")
    data = _user_form()
    errors = _save(lambda: management.update_user(user, load(UserUpdateSchema(), data), _actor()))
    if errors:
        return _user_page(user, errors)
    flash(_("Saved."), "success")
    return redirect(url_for(".user", user_id=user.id))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@require("admin.access")
@require("users.manage")
def set_active(user_id: int):
    user = management.get_user(user_id)
    active = request.form.get("active") == "1"
    errors = _save(lambda: management.update_user(user, {"active": active}, _actor()))
    if errors:
        return _user_page(user, errors)
    message = _("%(name)s can sign in again.") if active else _("%(name)s can no longer sign in.")
    flash(message % {"name": user.username}, "success")
    return redirect(url_for(".user", user_id=user.id))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@require("admin.access")
@require("users.manage")
def reset_password(user_id: int):
    user = management.get_user(user_id)
    data = {"password": request.form.get("password", "")}
    errors = _save(lambda: management.update_user(user, load(UserUpdateSchema(), data), _actor()))
    if errors:
        return _user_page(user, errors)
    flash(_("New password set; %(name)s's sessions were ended.", name=user.username), "success")
    return redirect(url_for(".user", user_id=user.id))


@bp.route("/users/<int:user_id>/pin", methods=["POST"])
@require("admin.access")
@require("users.manage")
def reset_pin(user_id: int):
    user = management.get_user(user_id)
    remove = request.form.get("remove") == "1"
    data = {"pin": None if remove else request.form.get("pin", "")}
    errors = _save(lambda: management.update_user(user, load(UserUpdateSchema(), data), _actor()))
    if errors:
        return _user_page(user, errors)
    flash(_("PIN removed.") if remove else _("New PIN set."), "success")
    return redirect(url_for(".user", user_id=user.id))


@bp.route("/users/<int:user_id>/tokens", methods=["POST"])
@require("admin.access")
@require("users.manage")
def new_token(user_id: int):
    user = management.get_user(user_id)
    name = request.form.get("name", "").strip()
    if len(name) > 120:
        return _user_page(user, {"name": _("At most 120 characters.")})
    _token, secret = management.issue_token(user, name)
    db.session.commit()
    return _user_page(user, secret=secret)


@bp.route("/users/<int:user_id>/tokens/<int:token_id>/revoke", methods=["POST"])
@require("admin.access")
@require("users.manage")
def revoke_token(user_id: int, token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        raise NotFound(_("no such token"))
    management.withdraw_token(token)
    db.session.commit()
    flash(_("Token %(prefix)s… revoked.", prefix=token.prefix), "success")
    return redirect(url_for(".user", user_id=user_id))


# -- roles -------------------------------------------------------------------------------------


def _permission_groups() -> list[tuple[str, list[t.Any]]]:
    """The registered permissions grouped by their first part (the core's area or the
    plugin's name), for the matrix."""
    groups: dict[str, list[t.Any]] = {}
    for permission in sorted(current_runtime().permissions.values(), key=lambda p: p.code):
        groups.setdefault(permission.code.split(".", 1)[0], []).append(permission)
    return sorted(groups.items())


@bp.route("/roles/")
@require("admin.access")
@require("users.view")
def roles():
    return render_template(
        "admin/roles/index.html", roles=management.list_roles(), groups=_permission_groups()
    )


def _role_page(role: t.Any, errors: dict[str, t.Any], form: t.Any, chosen: set[str]) -> t.Any:
    page = render_template(
        "admin/roles/edit.html",
        role=role,
        errors=errors,
        form=form,
        chosen=chosen,
        groups=_permission_groups(),
    )
    return page, 422 if errors else 200


@bp.route("/roles/new", methods=["GET", "POST"])
@require("admin.access")
@require("users.manage")
def new_role():
    chosen = set(request.form.getlist("permissions"))
    if request.method == "GET":
        return _role_page(None, {}, request.form, chosen)
    data = {
        "name": request.form.get("name", "").strip(),
        "title": request.form.get("title", "").strip(),
        "permissions": sorted(chosen),
    }
    created: list[t.Any] = []
    known = set(current_runtime().permissions)
    errors = _save(
        lambda: created.append(
            management.create_role(load(RoleCreateSchema(), data), known, _actor())
        )
    )
    if errors:
        return _role_page(None, errors, request.form, chosen)
    flash(_("Role %(name)s created.", name=created[0].name), "success")
    return redirect(url_for(".roles"))


@bp.route("/roles/<int:role_id>", methods=["GET", "POST"])
@require("admin.access")
@require("users.view")
def role(role_id: int):
    role = management.get_role(role_id)
    if request.method == "GET":
        return _role_page(role, {}, {"title": role.title}, set(role.permissions))
    check_permission("users.manage")
    chosen = set(request.form.getlist("permissions"))
    data: dict[str, t.Any] = {"title": request.form.get("title", "").strip()}
    if "*" not in role.permissions:
        data["permissions"] = sorted(chosen)
    known = set(current_runtime().permissions)
    errors = _save(lambda: management.update_role(role, load(RoleUpdateSchema(), data), known))
    if errors:
        return _role_page(role, errors, request.form, chosen)
    flash(_("Role %(name)s saved.", name=role.name), "success")
    return redirect(url_for(".roles"))


@bp.route("/roles/<int:role_id>/delete", methods=["POST"])
@require("admin.access")
@require("users.manage")
def delete_role(role_id: int):
    role = management.get_role(role_id)
    name = role.name
    errors = _save(lambda: management.delete_role(role))
    if errors:
        flash(next(iter(errors.values())), "error")
    else:
        flash(_("Role %(name)s deleted.", name=name), "success")
    return redirect(url_for(".roles"))
