using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Wasl.Web.Platform.Localization;

/// <summary>Marker type for the shared resources: every module uses one dictionary per language, keyed "Area.Name".</summary>
internal sealed class SharedResource;

/// <summary>
/// The user-facing texts, one flat JSON file per language and per module (Platform/Localization/Resources/{lang}.json and
/// Modules/{Name}/Resources/{lang}.json, embedded; see <see cref="ModuleParts"/>), merged into one dictionary per language.
/// A key defined by two modules is an error at start. Lookup falls back from the UI culture to its parent, then to
/// English, then to the key itself, so a missing translation shows up as the key in review rather than as an exception.
/// </summary>
internal sealed class TextCatalog
{
    public static readonly string[] Languages = ["ar", "en", "fa", "fr"];
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLanguage;

    public TextCatalog(IEnumerable<ModuleParts> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var modules = parts.ToList();
        var map = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var lang in Languages)
        {
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            var owner = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var module in modules)
            {
                using var stream = module.Assembly.GetManifestResourceStream($"{module.ResourcesNamespace}.{lang}.json");
                if (stream is null)
                {
                    if (module == ModuleParts.Platform) throw new InvalidOperationException($"Missing resource file for {lang}");
                    continue; // A module without texts of its own.
                }
                foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [])
                {
                    if (!owner.TryAdd(key, module.Name))
                        throw new InvalidOperationException($"The text key {key} is defined by both {owner[key]} and {module.Name} ({lang}.json).");
                    entries[key] = value;
                }
            }
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
