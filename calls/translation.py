from modeltranslation.translator import TranslationOptions, register

from calls.models import Call, EligibilityRule, PrizeCategory, Question, Step


@register(Call)
class CallTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "rules")


@register(EligibilityRule)
class EligibilityRuleTranslationOptions(TranslationOptions):
    fields = ("statement", "explanation")


@register(Step)
class StepTranslationOptions(TranslationOptions):
    fields = ("title", "intro")


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("label", "help_text")


@register(PrizeCategory)
class PrizeCategoryTranslationOptions(TranslationOptions):
    fields = ("label",)
