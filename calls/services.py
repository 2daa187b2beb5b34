"""Every change an organizer makes to a call: its settings, eligibility rules, form,
prize categories and rounds, and its duplication into a new edition.

Functions take keyword arguments and the acting person (`actor=`), re-check that the
actor runs the call, run in one transaction with the call's row locked, and save only
the fields that changed. Once applications have been submitted (`Call.form_locked_at`,
set by the submissions app) the form may only grow more permissive, so that no
submitted answer loses its meaning: see `_question_lock_refusal`.
"""

import copy
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

from calls.enums import FileType
from calls.models import Call, EligibilityRule, PrizeCategory, Question, Round, Step

RULES_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
Direction = Literal["up", "down"]


# --- helpers --------------------------------------------------------------------------


def _translated_bases(model) -> tuple[str, ...]:
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


def _save(instance: models.Model, fields: Iterable[str] | None = None) -> None:
    """Save `instance` (only `fields` when given). A translated field's untranslated
    column always keeps the default language's text, whatever the page's language."""
    with translation.override(settings.LANGUAGE_CODE):
        if fields is None:
            instance.save()
            return
        names = set(fields)
        for base in _translated_bases(type(instance)):
            if any(f"{base}_{code}" in names for code in LANGUAGE_CODES):
                names.add(base)
        instance.save(update_fields=sorted(names))


def _full_clean(instance: models.Model, **kwargs) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        instance.full_clean(**kwargs)


def _set_changed(instance: models.Model, values: Mapping[str, Any]) -> list[str]:
    """Set the values that differ from the instance's; the names of those fields."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _check_fields(model, values: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"{model.__name__} has no editable field {sorted(unknown)}")


def _require_manager(actor, call: Call) -> None:
    if not actor.has_perm("calls.manage_call", call):
        raise PermissionDenied


def _locked_call(call: Call) -> Call:
    """The call's row, locked until the transaction ends: the first submission (which
    sets `form_locked_at`) waits for a form change in progress, and the reverse."""
    return Call.objects.select_for_update().get(pk=call.pk)


def _copyable_values(instance: models.Model, exclude: Iterable[str]) -> dict[str, Any]:
    """The instance's own columns, per language for translated fields (the untranslated
    column is rewritten on save), without its key and the names in `exclude`."""
    skip = set(exclude) | set(_translated_bases(type(instance)))
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name not in skip and field.attname not in skip
    }


def _next_position(queryset) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def position_move(item, siblings: Sequence, direction: Direction) -> bool:
    """Swap `item` with its neighbour and number the siblings 0, 1, 2… again."""
    ordered = list(siblings)
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    renumbered = []
    for position, sibling in enumerate(ordered):
        if sibling.position != position:
            sibling.position = position
            renumbered.append(sibling)
    type(item).objects.bulk_update(renumbered, ["position"])
    return True


def check_rules_document(file) -> None:
    """A rules document is a PDF (read from its content) of at most 10 MB."""
    if file.size > RULES_DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The rules document must be 10 MB or smaller."), code="rules_document_too_large"
        )
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("The rules document must be a PDF file."), code="not_a_pdf")


# --- calls ----------------------------------------------------------------------------

CALL_FIELDS = {
    "kind",
    "slug",
    *(f"{base}_{code}" for base in ("title", "summary", "rules") for code in LANGUAGE_CODES),
    "reference_prefix",
    "reference_year",
    "opens_at",
    "closes_at",
    "results_at",
    "blind_review",
    "max_applications_per_organization",
    "attachment_max_mb",
}


def _store_rules_document(call: Call, document) -> bool:
    """Attach, replace (a new PDF) or remove (`""` / False) the rules document. The old
    file stays in storage: a duplicated edition may still point to it."""
    if document in ("", False, None):
        if not call.rules_document:
            return False
        call.rules_document = ""
        return True
    check_rules_document(document)
    call.rules_document.save("rules.pdf", File(document), save=False)
    return True


@transaction.atomic
def call_create(*, actor, organizers: Iterable = (), rules_document=None, **fields: Any) -> Call:
    """A new call run by `actor` and the `organizers` named (fields: `CALL_FIELDS`)."""
    if not actor.has_perm("calls.open_backoffice"):
        raise PermissionDenied
    _check_fields(Call, fields, CALL_FIELDS)
    call = Call(**fields)
    if rules_document:
        _store_rules_document(call, rules_document)
    _full_clean(call)
    _save(call)
    call.organizers.set({actor, *organizers})
    return call


@transaction.atomic
def call_update(*, call: Call, actor, organizers: Iterable | None = None, **fields: Any) -> Call:
    """Change a call's settings (fields: `CALL_FIELDS` and `rules_document`: a PDF, or
    `""` to remove it). `organizers` replaces the list; an organizer who is not a site
    admin always stays on the calls they edit."""
    _require_manager(actor, call)
    document_given = "rules_document" in fields
    document = fields.pop("rules_document", None)
    _check_fields(Call, fields, CALL_FIELDS)
    current = _locked_call(call)
    _keep_the_reference_year(current, fields)
    changed = _set_changed(current, fields)
    if document_given and _store_rules_document(current, document):
        changed.append("rules_document")
    if changed:
        _full_clean(current)
        _save(current, changed)
    if organizers is not None:
        wanted = set(organizers)
        if not actor.is_superuser:
            wanted.add(actor)
        if wanted != set(current.organizers.all()):
            current.organizers.set(wanted)
    return current


def _keep_the_reference_year(call: Call, fields: dict) -> None:
    """A deadline moved into another year after applications were numbered (the form
    locks at the first submission) keeps the year of the references already given."""
    if call.reference_year or fields.get("reference_year") or call.form_locked_at is None:
        return
    if "closes_at" in fields:
        fields["reference_year"] = call.closing_year


@transaction.atomic
def call_publication_set(*, call: Call, actor, published: bool) -> bool:
    """Publish the call (applicants see it on the list of calls and apply between its
    dates) or unpublish it (only its organizers see it again). Nothing refuses either:
    applications already received are kept. Returns whether it changed; asking for the
    current state changes nothing."""
    _require_manager(actor, call)
    current = _locked_call(call)
    if current.is_published == published:
        return False
    current.is_published = published
    _save(current, ["is_published"])
    call.is_published = published
    return True


def a_year_later(moment: datetime.datetime | None) -> datetime.datetime | None:
    """The same day and time in Morocco a year later (29 February becomes the 28th)."""
    if moment is None:
        return None
    local = timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE))
    try:
        shifted = local.replace(year=local.year + 1)
    except ValueError:
        shifted = local.replace(year=local.year + 1, day=28)
    return timezone.make_aware(shifted.replace(tzinfo=None), local.tzinfo)


_TRAILING_YEAR = re.compile(r"\s*\b(?:19|20)\d{2}$")
_LEADING_YEAR = re.compile(r"^(?:19|20)\d{2}\b")


def title_with_suffix(title: str, suffix: str) -> str:
    """ "Prix 2026" with the suffix "2027" gives "Prix 2027": a year ending the title is
    replaced by a suffix that starts with a year; any other suffix is appended."""
    title, suffix = (title or "").strip(), suffix.strip()
    if not title or not suffix:
        return title
    if _LEADING_YEAR.match(suffix):
        title = _TRAILING_YEAR.sub("", title)
    return f"{title} {suffix}"


@transaction.atomic
def call_duplicate(
    *,
    source: Call,
    actor,
    slug: str,
    title_suffix: str = "",
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    results_at: datetime.datetime | None = None,
) -> Call:
    """A new, unpublished edition of `source` with its settings, eligibility rules, form
    (steps and questions), prize categories and rounds; run by `actor` and the source's
    organizers. Applications, results and the form lock stay with the source."""
    _require_manager(actor, source)
    values = _copyable_values(
        source,
        exclude={
            "slug",
            "created_at",
            "is_published",
            "results_published_at",
            "form_locked_at",
            "duplicated_from",
            "opens_at",
            "closes_at",
            "results_at",
        },
    )
    for code in LANGUAGE_CODES:
        name = f"title_{code}"
        values[name] = title_with_suffix(values[name], title_suffix) or values[name]
    call = Call(
        **values,
        slug=slug,
        opens_at=opens_at,
        closes_at=closes_at,
        results_at=results_at,
        is_published=False,
        duplicated_from=source,
    )
    _full_clean(call)
    _save(call)
    call.organizers.set({actor, *source.organizers.all()})

    with translation.override(settings.LANGUAGE_CODE):
        EligibilityRule.objects.bulk_create(
            EligibilityRule(call=call, **_copyable_values(rule, exclude={"call"}))
            for rule in source.eligibility_rules.all()
        )
        PrizeCategory.objects.bulk_create(
            PrizeCategory(call=call, **_copyable_values(prize, exclude={"call"}))
            for prize in source.prize_categories.all()
        )
        Round.objects.bulk_create(
            Round(call=call, **_copyable_values(round_, exclude={"call"}))
            for round_ in source.rounds.all()
        )
        source_steps = list(source.steps.prefetch_related("questions"))
        new_steps = Step.objects.bulk_create(
            Step(call=call, **_copyable_values(step, exclude={"call"})) for step in source_steps
        )
        Question.objects.bulk_create(
            Question(step=new_step, **_copyable_values(question, exclude={"step"}))
            for step, new_step in zip(source_steps, new_steps, strict=True)
            for question in step.questions.all()
        )
    return call


# --- eligibility rules ----------------------------------------------------------------

RULE_FIELDS = {
    "kind",
    "choices",
    "number",
    *(f"{base}_{code}" for base in ("statement", "explanation") for code in LANGUAGE_CODES),
}


@transaction.atomic
def rule_save(
    *, call: Call, actor, rule: EligibilityRule | None = None, **fields: Any
) -> EligibilityRule:
    """Add a rule to the call (last), or change `rule` (fields: `RULE_FIELDS`)."""
    _require_manager(actor, call)
    _check_fields(EligibilityRule, fields, RULE_FIELDS)
    current = _locked_call(call)
    if rule is None:
        rule = EligibilityRule(
            call=current, position=_next_position(current.eligibility_rules), **fields
        )
        _full_clean(rule)
        _save(rule)
        return rule
    rule = current.eligibility_rules.select_for_update().get(pk=rule.pk)
    changed = _set_changed(rule, fields)
    if changed:
        _full_clean(rule)
        _save(rule, changed)
    return rule


@transaction.atomic
def rule_delete(*, rule: EligibilityRule, actor) -> None:
    _require_manager(actor, rule.call)
    _locked_call(rule.call)
    EligibilityRule.objects.filter(pk=rule.pk).delete()


@transaction.atomic
def rule_move(*, rule: EligibilityRule, actor, direction: Direction) -> bool:
    """Move a rule one place up or down; False when it is already at that end."""
    _require_manager(actor, rule.call)
    current = _locked_call(rule.call)
    return position_move(rule, current.eligibility_rules.order_by("position", "pk"), direction)


# --- form steps -----------------------------------------------------------------------

STEP_FIELDS = {f"{base}_{code}" for base in ("title", "intro") for code in LANGUAGE_CODES}


@transaction.atomic
def step_save(*, call: Call, actor, step: Step | None = None, **fields: Any) -> Step:
    """Add a step at the end of the call's form, or change `step`'s texts (always
    allowed, even once applications have been submitted)."""
    _require_manager(actor, call)
    _check_fields(Step, fields, STEP_FIELDS)
    current = _locked_call(call)
    if step is None:
        step = Step(call=current, position=_next_position(current.steps), **fields)
        _full_clean(step)
        _save(step)
        return step
    step = current.steps.select_for_update().get(pk=step.pk)
    changed = _set_changed(step, fields)
    if changed:
        _full_clean(step)
        _save(step, changed)
    return step


@transaction.atomic
def step_delete(*, step: Step, actor) -> None:
    """Delete a step and its questions; refused once applications have been submitted,
    unless the step has no question."""
    _require_manager(actor, step.call)
    current = _locked_call(step.call)
    if current.form_locked_at and step.questions.exists():
        raise ValidationError(
            _(
                "Applications have already been submitted to this call: a step that has "
                "questions can no longer be deleted. You can still edit its texts."
            ),
            code="form_locked",
        )
    try:
        Step.objects.filter(pk=step.pk).delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Some applications answered questions of this step: it cannot be deleted."),
            code="answered",
        ) from error


@transaction.atomic
def step_move(*, step: Step, actor, direction: Direction) -> bool:
    _require_manager(actor, step.call)
    current = _locked_call(step.call)
    return position_move(step, current.steps.order_by("position", "pk"), direction)


# --- questions ------------------------------------------------------------------------

QUESTION_FIELDS = {
    "kind",
    *(f"{base}_{code}" for base in ("label", "help_text") for code in LANGUAGE_CODES),
    "required",
    "word_limit",
    "min_value",
    "max_value",
    "choices",
    "file_types",
    "max_files",
}


def _narrower(old, new, *, larger_is_wider: bool) -> bool:
    """Whether a limit (None: no limit) went from `old` to a stricter `new`."""
    if new is None:
        return False
    if old is None:
        return True
    return new < old if larger_is_wider else new > old


def _question_lock_refusal(old: Question, new: Question) -> str | None:
    """Why a change to a question of a locked form is refused, or None if allowed.

    Submitted answers keep their meaning only if the question keeps its kind and
    choice values, and they stay valid only if no limit becomes stricter. Wording
    (labels, help texts, choice labels, translations) may always change."""
    if new.kind != old.kind:
        return _(
            "Applications have already been submitted: the kind of a question can no longer change."
        )
    removed = [value for value in old.choice_values if value not in new.choice_values]
    if removed:
        return _(
            "Applications have already been submitted: existing choices can no longer be "
            "removed or have their value changed (%(values)s). You can still change their "
            "labels and add new choices."
        ) % {"values": ", ".join(removed)}
    old_types = set(old.file_types or FileType.values)
    new_types = set(new.file_types or FileType.values)
    if not old_types <= new_types:
        return _(
            "Applications have already been submitted: the accepted file types can only be widened."
        )
    if new.required and not old.required:
        return _(
            "Applications have already been submitted: an optional question can no longer "
            "become required."
        )
    if (
        _narrower(old.word_limit, new.word_limit, larger_is_wider=True)
        or _narrower(old.max_value, new.max_value, larger_is_wider=True)
        or _narrower(old.min_value, new.min_value, larger_is_wider=False)
        or new.max_files < old.max_files
    ):
        return _(
            "Applications have already been submitted: the limits of a question can only "
            "be relaxed (word limit, bounds, number of files)."
        )
    return None


@transaction.atomic
def question_save(
    *, step: Step, actor, question: Question | None = None, **fields: Any
) -> Question:
    """Add a question at the end of `step`, or change `question` (fields:
    `QUESTION_FIELDS`). The stored row is read again under the call's lock, so the
    instance given may be one a form has already modified.

    Once applications have been submitted, a new question must be optional and a
    change must pass `_question_lock_refusal`; a refusal changes nothing."""
    _require_manager(actor, step.call)
    _check_fields(Question, fields, QUESTION_FIELDS)
    current = _locked_call(step.call)
    if question is None:
        question = Question(step=step, position=_next_position(step.questions), **fields)
        if current.form_locked_at and question.required:
            raise ValidationError(
                _(
                    "Applications have already been submitted: a new question must be "
                    "optional, since those applications could not answer it."
                ),
                code="form_locked",
            )
        _full_clean(question)
        _save(question)
        return question
    stored = Question.objects.select_for_update().get(pk=question.pk, step__call=current)
    question = copy.copy(stored)
    changed = _set_changed(question, fields)
    if not changed:
        return question
    if current.form_locked_at:
        refusal = _question_lock_refusal(stored, question)
        if refusal:
            raise ValidationError(refusal, code="form_locked")
    _full_clean(question)
    _save(question, changed)
    return question


@transaction.atomic
def question_delete(*, question: Question, actor) -> None:
    """Delete a question; refused once applications have been submitted."""
    call = question.step.call
    _require_manager(actor, call)
    current = _locked_call(call)
    if current.form_locked_at:
        raise ValidationError(
            _(
                "Applications have already been submitted to this call: its questions can "
                "no longer be deleted. You can make a question optional or edit its texts."
            ),
            code="form_locked",
        )
    try:
        Question.objects.filter(pk=question.pk).delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Some applications answered this question: it cannot be deleted."),
            code="answered",
        ) from error


@transaction.atomic
def question_move(*, question: Question, actor, direction: Direction) -> bool:
    """Move a question one place up or down within its step."""
    _require_manager(actor, question.step.call)
    _locked_call(question.step.call)
    siblings = Question.objects.filter(step_id=question.step_id).order_by("position", "pk")
    return position_move(question, siblings, direction)


# --- prize categories and rounds ------------------------------------------------------

PRIZE_FIELDS = {
    *(f"label_{code}" for code in LANGUAGE_CODES),
    "rank",
    "amount_mad",
    "count",
}
ROUND_FIELDS = {"kind", "position"}

Rows = Iterable[tuple[models.Model | None, Mapping[str, Any]]]


def _save_rows(call: Call, model, allowed, rows: Rows, deleted: Iterable) -> None:
    owned = model.objects.filter(call=call)
    try:
        owned.filter(pk__in=[item.pk for item in deleted]).delete()
    except ProtectedError as error:
        raise ValidationError(
            _("%(items)s already used by juries or decisions cannot be deleted.")
            % {"items": model._meta.verbose_name_plural.capitalize()},
            code="protected",
        ) from error
    for item, values in rows:
        _check_fields(model, values, allowed)
        if item is None:
            item = model(call=call, **values)
            _full_clean(item)
            _save(item)
            continue
        item = owned.get(pk=item.pk)
        changed = _set_changed(item, values)
        if changed:
            _full_clean(item, validate_unique=False)
            _save(item, changed)


@transaction.atomic
def prize_categories_save(
    *,
    call: Call,
    actor,
    rows: Iterable[tuple[PrizeCategory | None, Mapping[str, Any]]],
    deleted: Iterable[PrizeCategory] = (),
) -> None:
    """Delete `deleted`, then add (None) or change each prize category of `rows`."""
    _require_manager(actor, call)
    current = _locked_call(call)
    _save_rows(current, PrizeCategory, PRIZE_FIELDS, rows, deleted)


@transaction.atomic
def rounds_save(
    *,
    call: Call,
    actor,
    rows: Iterable[tuple[Round | None, Mapping[str, Any]]],
    deleted: Iterable[Round] = (),
) -> None:
    """Delete `deleted`, then add (None) or change each round of `rows` (one round of
    each kind per call)."""
    _require_manager(actor, call)
    current = _locked_call(call)
    try:
        with transaction.atomic():
            _save_rows(current, Round, ROUND_FIELDS, rows, deleted)
    except IntegrityError as error:
        raise ValidationError(
            _("A call has at most one round of each kind."), code="round_kind_taken"
        ) from error
