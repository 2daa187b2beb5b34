from modeltranslation.translator import TranslationOptions, register

from awards.models import ResultsPublication


@register(ResultsPublication)
class ResultsPublicationTranslationOptions(TranslationOptions):
    fields = ("announcement",)
