namespace Wasl.Web.Platform.Deadlines;

/// <summary>
/// Government working hours of the deployment countries, the defaults an admin starts from and may edit. Written in the
/// same text form admins use so the defaults read like what they will see. The weekend differs by country: Friday and
/// Saturday in Saudi Arabia and Oman, Friday in Iran (Thursday is a half day), Saturday and Sunday in Morocco.
/// </summary>
internal static class CountryProfiles
{
    private static readonly Dictionary<string, (WeekSchedule Regular, WeekSchedule Ramadan)> Profiles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SA"] = (Parse("sun=07:30-14:30;mon=07:30-14:30;tue=07:30-14:30;wed=07:30-14:30;thu=07:30-14:30"),
                  Parse("sun=10:00-15:00;mon=10:00-15:00;tue=10:00-15:00;wed=10:00-15:00;thu=10:00-15:00")),
        ["OM"] = (Parse("sun=07:30-14:30;mon=07:30-14:30;tue=07:30-14:30;wed=07:30-14:30;thu=07:30-14:30"),
                  Parse("sun=09:00-14:00;mon=09:00-14:00;tue=09:00-14:00;wed=09:00-14:00;thu=09:00-14:00")),
        ["IR"] = (Parse("sat=07:00-14:00;sun=07:00-14:00;mon=07:00-14:00;tue=07:00-14:00;wed=07:00-14:00;thu=07:00-12:00"),
                  Parse("sat=08:00-13:00;sun=08:00-13:00;mon=08:00-13:00;tue=08:00-13:00;wed=08:00-13:00;thu=08:00-11:00")),
        ["MA"] = (Parse("mon=08:30-16:30;tue=08:30-16:30;wed=08:30-16:30;thu=08:30-16:30;fri=08:30-16:30"),
                  Parse("mon=09:00-15:00;tue=09:00-15:00;wed=09:00-15:00;thu=09:00-15:00;fri=09:00-15:00")),
    };

    /// <summary>ISO 3166 alpha-2 codes: SA, OM, IR, MA.</summary>
    public static IReadOnlyList<string> Countries { get; } = Array.AsReadOnly(new[] { "SA", "OM", "IR", "MA" });

    /// <summary>The ordinary week of <paramref name="country"/> (case-insensitive ISO code); an unknown code throws.</summary>
    public static WeekSchedule Regular(string country) => Find(country).Regular;

    /// <summary>The shorter Ramadan week of <paramref name="country"/>; a <see cref="CalendarSeason"/> applies it to dates.</summary>
    public static WeekSchedule Ramadan(string country) => Find(country).Ramadan;

    private static (WeekSchedule Regular, WeekSchedule Ramadan) Find(string country)
    {
        ArgumentNullException.ThrowIfNull(country);
        return Profiles.TryGetValue(country, out var profile)
            ? profile
            : throw new ArgumentException($"No working-hours profile for country '{country}'.", nameof(country));
    }

    private static WeekSchedule Parse(string text) =>
        WeekSchedule.TryParse(text, out var schedule, out var error) ? schedule : throw new InvalidOperationException($"Built-in profile '{text}': {error}");
}
