from modeltranslation.translator import TranslationOptions, register

from calls.models import Call


@register(Call)
class CallTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
