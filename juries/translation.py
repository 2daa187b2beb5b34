from modeltranslation.translator import TranslationOptions, register

from juries.models import Criterion


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("label", "guidance")
