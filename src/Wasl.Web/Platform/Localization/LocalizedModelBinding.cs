using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Wasl.Web.Platform.Localization;

/// <summary>The framework's own binding messages ("The value '' is invalid.") in the reader's language.</summary>
internal static class LocalizedModelBinding
{
    public static void Configure(MvcOptions options, TextCatalog catalog)
    {
        var t = new JsonStringLocalizer(catalog);
        var m = options.ModelBindingMessageProvider;
        m.SetValueMustNotBeNullAccessor(_ => t["Validation.Required"]);
        m.SetMissingBindRequiredValueAccessor(_ => t["Validation.Required"]);
        m.SetMissingKeyOrValueAccessor(() => t["Validation.Required"]);
        m.SetMissingRequestBodyRequiredValueAccessor(() => t["Validation.Required"]);
        m.SetAttemptedValueIsInvalidAccessor((_, _) => t["Validation.Invalid"]);
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => t["Validation.Invalid"]);
        m.SetUnknownValueIsInvalidAccessor(_ => t["Validation.Invalid"]);
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => t["Validation.Invalid"]);
        m.SetValueIsInvalidAccessor(_ => t["Validation.Invalid"]);
        m.SetValueMustBeANumberAccessor(_ => t["Validation.Number"]);
        m.SetNonPropertyValueMustBeANumberAccessor(() => t["Validation.Number"]);
    }
}
