using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Wasl.Tests;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;

namespace Wasl.UnitTests;

public sealed class DigitsTests
{
    [Theory]
    [InlineData("١٢٣٤٥٦٧٨٩٠", "1234567890")]
    [InlineData("۱۲۳۴۵۶۷۸۹۰", "1234567890")]
    [InlineData("abc ٣ 4", "abc 3 4")]
    public void Native_digits_become_ascii(string input, string expected) => Assert.Equal(expected, Digits.ToAscii(input));

    [Fact]
    public void Separators_and_bidi_marks_are_removed() =>
        Assert.Equal("0551234567", Digits.StripSeparators("\u200F055-123 45.67\u2066"));
}

public sealed class NationalIdTests
{
    [Theory]
    [InlineData("SA", "1000000008", true)]
    [InlineData("SA", "١٠٠٠٠٠٠٠٠٨", true)]
    [InlineData("SA", "1000000009", false)]
    [InlineData("SA", "3000000008", false)]
    [InlineData("SA", "100000000", false)]
    [InlineData("IR", "0499370899", true)]
    [InlineData("IR", "۰۴۹۹۳۷۰۸۹۹", true)]
    [InlineData("IR", "0499370898", false)]
    [InlineData("IR", "1111111111", false)]
    [InlineData("OM", "12345678", true)]
    [InlineData("OM", "12345", false)]
    [InlineData("MA", "BK123456", true)]
    [InlineData("MA", "a12345", true)]
    [InlineData("MA", "ABC12345", false)]
    [InlineData("MA", "BK1234567", false)]
    public void Validates_by_the_deployment_country(string country, string input, bool valid)
    {
        var validator = NationalIdValidators.For(country);
        Assert.Equal(country, validator.Country);
        Assert.Equal(valid, validator.TryNormalize(input, out _));
    }

    [Fact]
    public void Normalized_form_is_ascii_and_upper_case()
    {
        Assert.True(NationalIdValidators.For("MA").TryNormalize(" bk 123456 ", out var ma));
        Assert.Equal("BK123456", ma);
        Assert.True(NationalIdValidators.For("SA").TryNormalize("١٠٠٠ ٠٠٠ ٠٠٨", out var sa));
        Assert.Equal("1000000008", sa);
    }

    [Fact]
    public void An_unknown_country_is_a_configuration_error() =>
        Assert.Throws<InvalidOperationException>(() => NationalIdValidators.For("XX"));
}

public sealed class MobileNumberTests
{
    [Theory]
    [InlineData("0501234567", "SA", "+966501234567")]
    [InlineData("٠٥٠ ١٢٣ ٤٥٦٧", "SA", "+966501234567")]
    [InlineData("00966501234567", "SA", "+966501234567")]
    [InlineData("+966 50 123 4567", "SA", "+966501234567")]
    [InlineData("09121234567", "IR", "+989121234567")]
    [InlineData("۰۹۱۲۱۲۳۴۵۶۷", "IR", "+989121234567")]
    [InlineData("0612345678", "MA", "+212612345678")]
    [InlineData("91234567", "OM", "+96891234567")]
    public void Mobiles_are_stored_in_international_form(string input, string country, string expected)
    {
        Assert.True(MobileNumbers.TryNormalize(input, country, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("12")]
    public void Garbage_is_refused(string input) => Assert.False(MobileNumbers.TryNormalize(input, "SA", out _));

    [Theory]
    [InlineData("12345", "SA")]
    [InlineData("١٢٣٤٥", "SA")]
    [InlineData("+96612345", "SA")]
    [InlineData("0112345678", "SA")] // a Riyadh landline, not a mobile
    [InlineData("05012345678", "SA")] // one digit too many
    [InlineData("966412345678", "SA")]
    [InlineData("12345", "OM")]
    [InlineData("21234567", "OM")] // Omani fixed line
    [InlineData("+9689123456", "OM")]
    [InlineData("12345", "IR")]
    [InlineData("02112345678", "IR")] // Tehran landline
    [InlineData("0912123456", "IR")]
    [InlineData("12345", "MA")]
    [InlineData("0512345678", "MA")] // Moroccan fixed line
    [InlineData("+21261234567", "MA")]
    public void A_number_of_a_deployment_country_must_be_a_mobile_of_that_country(string input, string country) =>
        Assert.False(MobileNumbers.TryNormalize(input, country, out _));

    [Theory]
    [InlineData("551234567", "SA", "+966551234567")] // without the trunk zero
    [InlineData("966551234567", "SA", "+966551234567")] // international without the plus
    [InlineData("71234567", "OM", "+96871234567")]
    [InlineData("+96891234567", "SA", "+96891234567")] // an Omani mobile typed in Saudi Arabia
    [InlineData("0701234567", "MA", "+212701234567")]
    [InlineData("+4915112345678", "SA", "+4915112345678")] // another country's number in international form
    public void Mobiles_in_other_accepted_forms(string input, string country, string expected)
    {
        Assert.True(MobileNumbers.TryNormalize(input, country, out var normalized));
        Assert.Equal(expected, normalized);
    }
}

public sealed class CultureTests
{
    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    [InlineData("fa")]
    [InlineData("fr")]
    public void Every_request_culture_parses_iso_dates_as_gregorian(string language)
    {
        var culture = WaslCultures.Get(language);
        Assert.IsType<GregorianCalendar>(culture.DateTimeFormat.Calendar);
        Assert.True(DateTime.TryParse("2026-03-15", culture, DateTimeStyles.None, out var parsed));
        Assert.Equal(new DateTime(2026, 3, 15), parsed);
    }

    [Fact]
    public void Arabic_and_persian_are_right_to_left()
    {
        Assert.True(WaslCultures.IsRightToLeft(WaslCultures.Get("ar")));
        Assert.True(WaslCultures.IsRightToLeft(WaslCultures.Get("fa")));
        Assert.False(WaslCultures.IsRightToLeft(WaslCultures.Get("en")));
        Assert.False(WaslCultures.IsRightToLeft(WaslCultures.Get("fr")));
    }
}

public sealed class DateDisplayTests
{
    private static DateDisplay Create(string zone = "Asia/Riyadh") =>
        new(Options.Create(new DeploymentOptions { TimeZone = zone }), new Microsoft.Extensions.Localization.StringLocalizer<SharedResource>(new JsonStringLocalizerFactory(new TextCatalog(TestModules.Parts))));

    [Fact]
    public void Umm_al_qura_date_of_a_known_day()
    {
        using var _ = new UiCulture("ar");
        // 2026-03-15 12:00 UTC is 26 Ramadan 1447 in Umm al-Qura.
        var shown = Create().Date(new DateTimeOffset(2026, 3, 15, 12, 0, 0, TimeSpan.Zero), CalendarPreference.UmAlQura);
        Assert.Equal("26/09/1447", shown.Numeric);
        Assert.Equal("هـ", shown.Era);
        Assert.Equal("2026-03-15T15:00", shown.MachineValue);
    }

    [Fact]
    public void Solar_hijri_turns_at_nowruz()
    {
        using var _ = new UiCulture("fa");
        var shown = Create("Asia/Tehran").Date(new DateTimeOffset(2026, 3, 21, 12, 0, 0, TimeSpan.Zero), CalendarPreference.SolarHijri);
        Assert.Equal("01/01/1405", shown.Numeric);
    }

    [Fact]
    public void The_local_day_comes_from_the_deployment_time_zone()
    {
        using var _ = new UiCulture("en");
        // 22:30 UTC on the 14th is already the 15th in Riyadh.
        var shown = Create().Date(new DateTimeOffset(2026, 3, 14, 22, 30, 0, TimeSpan.Zero), CalendarPreference.Gregorian);
        Assert.Equal("15/03/2026", shown.Numeric);
        Assert.Equal("CE", shown.Era);
    }

    [Fact]
    public void Umm_al_qura_outside_its_range_falls_back_to_gregorian()
    {
        using var _ = new UiCulture("ar");
        var shown = Create().Date(new DateTimeOffset(2090, 1, 1, 12, 0, 0, TimeSpan.Zero), CalendarPreference.UmAlQura);
        Assert.Equal(CalendarPreference.Gregorian, shown.Calendar);
        Assert.Equal("01/01/2090", shown.Numeric);
    }

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = WaslCultures.Get(name);

        public void Dispose() => CultureInfo.CurrentUICulture = _previous;
    }
}

public sealed class ResourceTests
{
    private static readonly string Src = Path.Combine(AppContext.BaseDirectory, "../../../../../src/Wasl.Web");

    /// <summary>Platform's resource folder and every module's (Modules/*/Resources), as the application embeds them.</summary>
    private static IEnumerable<string> Folders() =>
        Directory.EnumerateDirectories(Path.Combine(Src, "Modules")).Order(StringComparer.Ordinal)
            .Where(m => Directory.Exists(Path.Combine(m, "Resources")))
            .Select(m => $"Modules/{Path.GetFileName(m)}/Resources")
            .Prepend("Platform/Localization/Resources");

    public static TheoryData<string> ResourceFolders() => [.. Folders()];

    private static Dictionary<string, string> Load(string folder, string lang) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(Src, folder, $"{lang}.json")))!;

    /// <summary>Every text of every module in a language, merged as <see cref="TextCatalog"/> merges them.</summary>
    private static Dictionary<string, string> Load(string lang) =>
        Folders().SelectMany(f => Load(f, lang)).ToDictionary(kv => kv.Key, kv => kv.Value);

    [Theory]
    [MemberData(nameof(ResourceFolders))]
    public void Every_language_has_every_arabic_key_with_the_same_placeholders(string folder)
    {
        var ar = Load(folder, "ar");
        foreach (var lang in new[] { "en", "fa", "fr" })
        {
            var other = Load(folder, lang);
            Assert.Equal(ar.Keys.Order(StringComparer.Ordinal), other.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, value) in ar)
            {
                var expected = System.Text.RegularExpressions.Regex.Matches(value, @"\{[0-9]\}").Select(m => m.Value).Order();
                var actual = System.Text.RegularExpressions.Regex.Matches(other[key], @"\{[0-9]\}").Select(m => m.Value).Order();
                Assert.True(expected.SequenceEqual(actual), $"{folder}/{lang}:{key} placeholders differ");
            }
        }
    }

    [Fact]
    public void The_catalog_holds_platform_s_and_every_module_s_texts()
    {
        var catalog = new TextCatalog(TestModules.Parts);
        Assert.Equal(Load("ar").Count, catalog.For("ar").Count);
        Assert.Equal("تقديم طلب أو بلاغ", catalog.Find("Requests.New.Title", WaslCultures.Get("ar")));
        Assert.Equal("وصل", catalog.Find("Shell.ProductName", WaslCultures.Get("ar")));
    }

    [Fact]
    public void A_key_defined_by_two_modules_stops_the_start()
    {
        var twice = ModuleParts.Platform with { Name = "Copy" };
        var e = Assert.Throws<InvalidOperationException>(() => new TextCatalog([ModuleParts.Platform, twice]));
        Assert.Contains("both Platform and Copy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_key_used_in_code_exists()
    {
        var root = Src;
        var keys = Load("ar");
        var pattern = new System.Text.RegularExpressions.Regex(@"\b[Tt]\[""([A-Za-z0-9]+\.[A-Za-z0-9.]+)""|ErrorMessage = ""([A-Za-z0-9]+\.[A-Za-z0-9.]+)""|""(Module\.[A-Za-z.]+)""");
        var missing = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(f => pattern.Matches(File.ReadAllText(f)).Select(m => m.Groups.Values.Skip(1).First(g => g.Success).Value))
            .Where(k => !k.EndsWith('.') && !keys.ContainsKey(k))
            .Distinct()
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Lookup_falls_back_to_english_then_to_the_key()
    {
        var catalog = new TextCatalog(TestModules.Parts);
        Assert.Equal("وصل", catalog.Find("Shell.ProductName", WaslCultures.Get("ar")));
        Assert.Equal("Wasl", catalog.Find("Shell.ProductName", WaslCultures.Get("en")));
        Assert.Null(catalog.Find("No.Such.Key", WaslCultures.Get("fa")));
    }
}
