using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Errors;

/// <summary>
/// A business rule said no. Every module's entities fail this one way: <see cref="MessageKey"/> names the localized
/// message, <see cref="Field"/> (when the rule is about one input) the form field or API member it concerns. Forms turn
/// it into a model-state error with <see cref="BusinessRules.AddTo"/>, the JSON API and Open311 into their error
/// documents with <see cref="BusinessRules.Errors"/>; nothing else catches it.
/// </summary>
internal sealed class BusinessRuleException : Exception
{
    public BusinessRuleException(string messageKey, string? field = null)
        : base(messageKey)
    {
        MessageKey = messageKey;
        Field = field;
    }

    public string MessageKey { get; }

    /// <summary>The input the rule is about, as the form names it; null when the rule concerns the whole action.</summary>
    public string? Field { get; }
}

/// <summary>The one mapping of a <see cref="BusinessRuleException"/> to what a person or a client reads.</summary>
internal static class BusinessRules
{
    /// <summary>
    /// Puts the rule's message on the field it names; else on <paramref name="fallbackField"/> (the page's main input,
    /// where its message is read next to what was typed); else on the page's error summary (the empty key).
    /// </summary>
    public static void AddTo(ModelStateDictionary state, BusinessRuleException rule, IStringLocalizer<SharedResource> t, string? fallbackField = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(t);
        state.AddModelError(rule.Field ?? fallbackField ?? string.Empty, t[rule.MessageKey]);
    }

    /// <summary>The rule as validation errors (field → messages), for a ProblemDetails or an Open311 error list; a rule without field is keyed "".</summary>
    public static Dictionary<string, string[]> Errors(BusinessRuleException rule, IStringLocalizer<SharedResource> t)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(t);
        return new Dictionary<string, string[]>(StringComparer.Ordinal) { [rule.Field ?? string.Empty] = [t[rule.MessageKey].Value] };
    }
}
