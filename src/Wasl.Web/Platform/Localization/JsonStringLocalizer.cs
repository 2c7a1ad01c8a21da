using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Wasl.Web.Platform.Localization;

/// <summary>Marker type for the shared resources: every module uses one dictionary per language, keyed "Area.Name".</summary>
internal sealed class SharedResource;

/// <summary>
/// The user-facing texts, one flat JSON file per language (Platform/Localization/Resources/{lang}.json, embedded).
/// Lookup falls back from the UI culture to its parent, then to English, then to the key itself, so a missing
/// translation shows up as the key in review rather than as an exception in front of a user.
/// </summary>
internal sealed class TextCatalog
{
    public static readonly string[] Languages = ["ar", "en", "fa", "fr"];
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLanguage;

    public TextCatalog()
    {
        var assembly = typeof(TextCatalog).Assembly;
        var map = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var lang in Languages)
        {
            using var stream = assembly.GetManifestResourceStream($"Wasl.Web.Platform.Localization.Resources.{lang}.json")
                ?? throw new InvalidOperationException($"Missing resource file for {lang}");
            var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
            map[lang] = entries.ToFrozenDictionary(StringComparer.Ordinal);
        }
        _byLanguage = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyDictionary<string, string> For(string language) =>
        _byLanguage.TryGetValue(language, out var d) ? d : FrozenDictionary<string, string>.Empty;

    public string? Find(string key, CultureInfo culture)
    {
        for (var c = culture; !string.IsNullOrEmpty(c.Name); c = c.Parent)
        {
            if (_byLanguage.TryGetValue(c.Name, out var d) && d.TryGetValue(key, out var v)) return v;
        }
        return _byLanguage["en"].TryGetValue(key, out var en) ? en : null;
    }
}

internal sealed class JsonStringLocalizer(TextCatalog catalog) : IStringLocalizer
{
    public LocalizedString this[string name]
    {
        get
        {
            var value = catalog.Find(name, CultureInfo.CurrentUICulture);
            return new LocalizedString(name, value ?? name, resourceNotFound: value is null);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var s = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, s.Value, arguments), s.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        catalog.For(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName).Select(kv => new LocalizedString(kv.Key, kv.Value));
}

internal sealed class JsonStringLocalizerFactory(TextCatalog catalog) : IStringLocalizerFactory
{
    private readonly JsonStringLocalizer _localizer = new(catalog);
    public IStringLocalizer Create(Type resourceSource) => _localizer;
    public IStringLocalizer Create(string baseName, string location) => _localizer;
}
