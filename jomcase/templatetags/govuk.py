"""Template tags that render Django forms, pagination and the service navigation as GOV.UK
Frontend components, so a page names its fields and the markup stays the same everywhere.

    {% load govuk %}
    {% govuk_error_summary form %}
    {% govuk_field form.nino classes="govuk-input--width-10" spellcheck=False %}
    {% govuk_pagination page query %}

Every field's id is its bound field's ``auto_id``; the error summary links to the same id,
which for radios and checkboxes is the first option's (GOV.UK Frontend's own rule).
"""

from __future__ import annotations

from django import forms, template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from jomcase.selectors import unread_notification_count

register = template.Library()

_TEMPLATES = {
    "input": "includes/field_input.html",
    "textarea": "includes/field_textarea.html",
    "select": "includes/field_select.html",
    "radios": "includes/field_radios.html",
    "checkboxes": "includes/field_checkboxes.html",
    "checkbox": "includes/field_checkbox.html",
}


def field_id(bound_field) -> str:
    """The id of the field's input (or first option), which error summary links point to;
    for a date input, its first box marked wrong, as GOV.UK's date input pattern asks."""
    boxes = getattr(bound_field, "boxes", None)
    if boxes is not None and bound_field.errors:
        faulty = next((box["id"] for box in boxes if box["error"]), None)
        if faulty:
            return faulty
    return bound_field.auto_id or bound_field.html_name


def _kind(widget) -> str:
    # CheckboxSelectMultiple is a kind of RadioSelect in Django, so it is asked about first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


def _selected_values(bound_field) -> set[str]:
    value = bound_field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


def _items(bound_field, base_id: str) -> list[dict]:
    """Options of a choice field; ids follow GOV.UK Frontend: ``x``, ``x-2``, ``x-3``..."""
    selected = _selected_values(bound_field)
    items = []
    for index, (value, text) in enumerate(bound_field.field.choices, start=1):
        value = "" if value is None else str(value)
        items.append(
            {
                "id": base_id if index == 1 else f"{base_id}-{index}",
                "value": value,
                "text": text,
                "selected": value in selected,
            }
        )
    return items


@register.simple_tag
def govuk_field(bound_field, **options):
    """Render one form field as the GOV.UK component that fits its widget.

    Options: ``label_class`` (e.g. ``govuk-label--m``, also used for legends), ``classes``
    (on the input, e.g. ``govuk-input--width-10``), ``page_heading`` (the label or legend is
    the page's h1), ``hint`` (instead of the field's help text), ``autocomplete``,
    ``spellcheck``, ``inputmode``, ``type`` and ``rows``.
    """
    widget = bound_field.field.widget
    kind = _kind(widget)
    base_id = field_id(bound_field)
    hint = options.get("hint", bound_field.help_text)
    errors = bound_field.errors
    described_by = " ".join(
        part
        for part, present in ((f"{base_id}-hint", hint), (f"{base_id}-error", errors))
        if present
    )
    context = {
        "id": base_id,
        "name": bound_field.html_name,
        "label": bound_field.label,
        "hint": hint,
        "error": errors[0] if errors else "",
        "described_by": described_by,
        "label_class": options.get("label_class", ""),
        # Legends take the label's size: govuk-label--m becomes govuk-fieldset__legend--m.
        "legend_class": options.get("label_class", "").replace(
            "govuk-label--", "govuk-fieldset__legend--"
        ),
        "classes": options.get("classes", ""),
        "page_heading": options.get("page_heading", False),
        "autocomplete": options.get("autocomplete", ""),
        "spellcheck": options.get("spellcheck"),
        "inputmode": options.get("inputmode", ""),
        "type": options.get("type") or getattr(widget, "input_type", "text"),
        "rows": options.get("rows") or widget.attrs.get("rows", 5),
    }
    if kind in ("select", "radios", "checkboxes"):
        context["items"] = _items(bound_field, base_id)
    elif kind == "checkbox":
        context["checked"] = bool(bound_field.value())
    else:
        value = bound_field.value()
        if kind == "input" and context["type"] == "password":
            value = None  # a password is never sent back to the browser
        formatted = widget.format_value(value) if value not in (None, "") else ""
        context["value"] = formatted or ""
    return render_to_string(_TEMPLATES[kind], context)


@register.inclusion_tag("includes/error_summary.html")
def govuk_error_summary(*forms_with_errors):
    """The error summary for one or more forms; each message links to its field."""
    errors = []
    for form in forms_with_errors:
        if not form or not form.errors:
            continue
        for message in form.non_field_errors():
            errors.append({"text": message, "href": ""})
        for bound_field in form:
            if bound_field.errors:
                errors.append({"text": bound_field.errors[0], "href": f"#{field_id(bound_field)}"})
    return {"errors": errors}


@register.inclusion_tag("includes/pagination.html")
def govuk_pagination(page, query: str = "", label: str = "Pagination"):
    """GOV.UK pagination for a Django ``Page``: previous, numbers with gaps, next.

    ``query`` is the current query string without ``page``, so filters and sorting carry over.
    """
    paginator = page.paginator

    def href(number: int) -> str:
        return f"?{query}&page={number}" if query else f"?page={number}"

    items = []
    if paginator.num_pages > 1:
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
            if number == paginator.ELLIPSIS:
                items.append({"ellipsis": True})
            else:
                items.append(
                    {"number": number, "href": href(number), "current": number == page.number}
                )
    return {
        "items": items,
        "previous": href(page.previous_page_number()) if page.has_previous() else "",
        "next": href(page.next_page_number()) if page.has_next() else "",
        "label": label,
    }


#: Who sees a navigation link whose rule belongs to an app above this one: that app
#: registers its predicate in its AppConfig.ready(), and it replaces the default below.
_registered_rules: dict = {}


def register_navigation_rule(url_name: str, visible) -> None:
    """Show the link to ``url_name`` to the users for whom ``visible(user)`` is true."""
    _registered_rules[url_name] = visible


# The service navigation: (label, url name, the request's namespace or url name that marks
# it current, who sees it). Kept here so the base template holds no role rules.
def _navigation_rules():
    from jomcase.models import Role
    from jomcase.permissions import is_administrator, is_analyst, sees_personal_data

    return [
        ("Home", "home", "home", lambda user: True),
        (
            "Inbox",
            "support_requests:inbox",
            "inbox",
            lambda user: user.has_role(Role.DEA, Role.WCTL),
        ),
        (
            "Caseload",
            "claimants:caseload",
            "claimants",
            lambda user: user.has_role(Role.WORK_COACH, Role.WCTL),
        ),
        (
            "Cohort",
            "dea_support:my_cohort",
            "dea_support",
            lambda user: user.has_role(Role.DEA, Role.WCTL),
        ),
        (
            "Your work",
            "conferences:work",
            "work",
            lambda user: user.has_role(Role.DEA, Role.WORK_COACH),
        ),
        (
            "Group conferences",
            "conferences:groups_home",
            "groups",
            lambda user: user.has_role(Role.DEA, Role.WCTL),
        ),
        (
            "Diary",
            "conferences:diary",
            "diary",
            lambda user: user.has_role(Role.DEA, Role.WORK_COACH, Role.WCTL, Role.SDTL),
        ),
        (
            "Actions",
            "conferences:actions",
            "actions",
            lambda user: user.has_role(
                Role.WORK_PSYCHOLOGIST, Role.EMPLOYER_ADVISER, Role.TPP_MANAGER
            ),
        ),
        (
            "CSI approvals",
            "conferences:csi_approvals",
            "csi_approvals",
            lambda user: user.has_role(Role.WCTL),
        ),
        ("QAS checks", "qas:dashboard", "qas", lambda user: user.has_role(Role.WCTL)),
        ("Checks of your work", "qas:my_checks", "my_checks", lambda user: user.has_role(Role.DEA)),
        ("Your requests", "support_requests:mine", "mine", sees_personal_data),
        ("Request DEA support", "support_requests:new", "new", sees_personal_data),
        (
            "Reports",
            "reports:index",
            "reports",
            lambda user: is_analyst(user) or is_administrator(user),
        ),
        ("Notifications", "notifications", "notifications", lambda user: True),
        # The Django admin lets in staff accounts only, so the link is shown to those alone.
        ("Admin", "admin:index", "admin", lambda user: is_administrator(user) and user.is_staff),
    ]


@register.simple_tag(takes_context=True)
def service_navigation_items(context) -> list[dict]:
    """The navigation links the signed-in user's roles give them, with the current one marked.

    Error pages may render without a request (Django's 500 handler), so this asks nothing of
    the database then.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    here = {match.namespace, match.url_name} if match else set()
    items = []
    for text, url_name, marker, default in _navigation_rules():
        visible = _registered_rules.get(url_name, default)
        if not visible(user):
            continue
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue
        # aria-current="page" on the page itself, "true" anywhere else in its section.
        current = href == request.path
        item = {"text": text, "href": href, "current": current, "active": marker in here}
        if url_name == "notifications":
            item["badge"] = unread_notification_count(user)
        items.append(item)
    return items
