using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Operations;

/// <summary>
/// One way every settings class is bound and checked: <see cref="AddSettings{TOptions, TValidator}"/> binds the section
/// and validates it when the host starts (ValidateOnStart), so a bad value stops the start instead of surfacing later
/// (a zero polling interval spinning a worker, a relative link in an e-mail). Each validator states its rules through
/// <see cref="SettingsCheck"/>, which writes every message the same way, naming the setting by its configuration path.
/// The messages are for operators (console and log at start), so they are English and live here, not in the resources.
/// </summary>
internal static class Settings
{
    public static OptionsBuilder<TOptions> AddSettings<TOptions, TValidator>(this IServiceCollection services, IConfiguration config, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddOptions<TOptions>().Bind(config.GetSection(section)).ValidateOnStart();
    }
}

/// <summary>A settings class's rules: <see cref="Check"/> states them against a <see cref="SettingsCheck"/> for its section.</summary>
internal abstract class SettingsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    private readonly string _section;

    protected SettingsValidator(string section) => _section = section;

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new SettingsCheck(_section);
        Check(options, check);
        return check.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Errors);
    }

    protected abstract void Check(TOptions options, SettingsCheck check);
}

/// <summary>Collects what is wrong with a section's values; every message starts with the setting's full path.</summary>
internal sealed partial class SettingsCheck(string section)
{
    public List<string> Errors { get; } = [];

    /// <summary>"Deadlines:SweepSeconds" for key "SweepSeconds" in section "Deadlines".</summary>
    public string Path(string key) => string.IsNullOrEmpty(section) ? key : $"{section}:{key}";

    public void Fail(string key, string rule, object? value) =>
        Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Path(key)} {rule}; it is {Shown(value)}."));

    public void Range(string key, long value, long min, long max)
    {
        if (value < min || value > max) Fail(key, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"), value);
    }

    public void Range(string key, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max) Fail(key, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"), value);
    }

    public void Required(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Fail(key, "is required", value);
    }

    /// <summary>An absolute http(s) address without query or fragment; an empty value passes unless <paramref name="required"/>.</summary>
    public void AbsoluteUrl(string key, string? value, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Fail(key, "must be an absolute http or https address", value);
            return;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            Fail(key, "must be an absolute http or https address (no query or fragment)", value);
    }

    public void Matches(string key, string? value, Regex pattern, string rule)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (value is null || !pattern.IsMatch(value)) Fail(key, rule, value);
    }

    public void OneOf(string key, string? value, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (value is null || !allowed.Contains(value, StringComparer.OrdinalIgnoreCase)) Fail(key, $"must be one of {string.Join(", ", allowed)}", value);
    }

    public void TimeZone(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !TimeZoneInfo.TryFindSystemTimeZoneById(value, out _))
            Fail(key, "must be a time zone this machine knows (IANA, e.g. Asia/Riyadh)", value);
    }

    public void Language(string key, string? value) => OneOf(key, value, TextCatalog.Languages);

    /// <summary>A rule across several settings, in its own words.</summary>
    public void Rule(bool holds, string key, string rule, object? value)
    {
        if (!holds) Fail(key, rule, value);
    }

    private static string Shown(object? value) => value switch
    {
        null => "empty",
        string s when string.IsNullOrWhiteSpace(s) => "empty",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "empty",
    };

    [GeneratedRegex("^[A-Za-z]{2,6}$")]
    internal static partial Regex LatinPrefix();
}
